package com.larkops.pipeline;

import com.larkops.cards.Md;
import com.larkops.command.AuditEntry;
import com.larkops.command.AuditSink;
import com.larkops.command.Caller;
import com.larkops.command.News;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.config.LarkopsConfig;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.config.ServiceConfig;
import com.larkops.command.RefusedException;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.model.TagScheme;
import com.larkops.model.Version;
import com.larkops.release.ChangeRequest;
import com.larkops.release.Deployer;
import com.larkops.release.Gate;
import com.larkops.release.GateRefusedException;
import com.larkops.release.ReleaseCommands;
import com.larkops.release.ReleaseHistory;
import com.larkops.release.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The registry-following pipeline: a pushed version a service follows goes to staging through the normal
 * deploy (health gate, auto-undo, history "by registry"); once it is known-good there, the approvers get
 * the prod promotion card. Holds and freezes keep humans in charge: then a push is only announced. An
 * automatic deploy refused for want of a signature waits for one: the signature's own push re-checks it.
 */
public final class Follower {
    /** Who automatic deploys are by, in the history, the audit log and the {@code larkops.deployed-by} label. */
    public static final String ACTOR = com.larkops.release.ChangeRequest.REGISTRY_ACTOR;
    /** How long a signature's tag may take to show its push (the registry notifies before it moves the tag). */
    static final java.time.Duration TAG_WAIT = java.time.Duration.ofSeconds(10);
    /** How many of a repository's latest pushes a late signature's digest is compared with. */
    static final int PUSHES_COMPARED = 1000;
    private static final Logger log = LoggerFactory.getLogger(Follower.class);

    private final LarkopsConfig config;
    private final Guards guards;
    private final ReleaseHistory history;
    private final Deployer deployer;
    private final ReleaseCommands.ProdRequests prod;
    /** Where unsolicited news goes: one thread per service and version (or the service's open incident's thread). */
    private final News news;
    private final AuditSink audit;
    private final Clock clock;
    /** What a tag of a repository points at now (empty: no such tag); read-only. */
    private final java.util.function.BiFunction<String, String, Optional<Digest>> tags;

    public Follower(LarkopsConfig config, Guards guards, ReleaseHistory history, Deployer deployer,
                    ReleaseCommands.ProdRequests prod, News news, AuditSink audit, Clock clock,
                    java.util.function.BiFunction<String, String, Optional<Digest>> tags) {
        this.tags = tags;
        this.config = config;
        this.guards = guards;
        this.history = history;
        this.deployer = deployer;
        this.prod = prod;
        this.news = news;
        this.audit = audit;
        this.clock = clock;
    }

    /** The service whose repository this is, if larkops manages it. */
    public Optional<ServiceConfig> serviceOf(String repository) {
        return config.services().values().stream().filter(s -> s.repository().equals(repository)).findFirst();
    }

    /** Acts on one push (from a notification or the poller); returns the verdict it reached. */
    public FollowDecision.Verdict onPush(Push push) {
        Optional<ServiceConfig> found = serviceOf(push.repository());
        if (found.isEmpty()) {
            return FollowDecision.Verdict.ignore(Msg.of("pipeline.follow.no_service", push.repository()));
        }
        ServiceConfig service = found.get();
        Instant now = clock.instant();
        Optional<Digest> signs = com.larkops.model.AttachmentTag.signatureSubject(push.tag());
        if (signs.isPresent()) {
            return onSignature(service, signs.get(), push);
        }
        if (!com.larkops.model.TagScheme.isVersionTag(push.tag())) {
            // env-tag moves (ours included), latest, branch tags: not a release, not news
            return FollowDecision.Verdict.ignore(Msg.of("pipeline.follow.not_version_tag", push.tag()));
        }
        if (!guards.firstPush(push.repository(), push.digest(), push.tag(), now)) {
            if (!push.source().equals("poll")) {
                // a notification is audited even when it changes nothing; a poll finding nothing new is not news,
                // nor a replay after a restart whose digest was handled before the stop
                audit.record(new AuditEntry(now, ACTOR, "", "push " + push.repository() + ":" + push.tag() + " via " + push.source(),
                        "ignore", "digest seen before"));
            }
            return FollowDecision.Verdict.ignore(Msg.of("pipeline.follow.seen_before"));
        }
        FollowDecision.Verdict verdict = FollowDecision.decide(config.follow().policy(service.serviceName()), push.tag(),
                staging(service, push.digest(), failedInStaging(service), now), now);
        Optional<String> chat = config.follow().chatFor(service.serviceName(), config.chats());
        String what = service.name() + " " + push.tag() + " (" + push.digest().shortForm() + ")";
        audit.record(new AuditEntry(now, ACTOR, chat.orElse(""), "push " + push.repository() + ":" + push.tag() + " via " + push.source(),
                verdict.action().name().toLowerCase(), verdict.reason()));
        log.info("push {}:{} {}: {} ({})", push.repository(), push.tag(), push.digest().shortForm(), verdict.action(), com.larkops.model.Text.plain(verdict.reason()));
        switch (verdict.action()) {
            case IGNORE -> { }
            case ANNOUNCE -> chat.ifPresent(c -> news.tell(c, topic(service.serviceName(), verdict, push.tag()),
                    Reply.ok(Msg.of("pipeline.follow.announce", what, verdict.why()))));
            case DEPLOY -> deploy(service, push, verdict, chat, "pushed");
        }
        return verdict;
    }

    /** The digests whose recent staging deploys failed: followed again only by a human. */
    private java.util.Set<Digest> failedInStaging(ServiceConfig service) {
        java.util.Set<Digest> failed = new java.util.HashSet<>();
        history.history(service.serviceName(), Env.STAGING, 50).stream().filter(r -> r.outcome() == Release.Outcome.FAILED)
                .forEach(r -> failed.add(r.digest()));
        return failed;
    }

    /** The facts about staging the decision takes, for a digest about to be followed. */
    private FollowDecision.Staging staging(ServiceConfig service, Digest digest, java.util.Set<Digest> failed, Instant now) {
        Optional<Release> live = history.live(service.serviceName(), Env.STAGING);
        return new FollowDecision.Staging(live.flatMap(r -> Version.tryParse(r.version())), failed.contains(digest),
                live.map(r -> r.digest().equals(digest)).orElse(false),
                guards.hold(service.serviceName(), Env.STAGING), guards.freezeCovering(service.serviceName(), Env.STAGING, now));
    }

    /**
     * A signature for {@code subject} was pushed (cosign's {@code .sig} tag, or the referrers index a Sigstore
     * bundle is listed in). When an automatic deploy of that digest was refused for want of one, and no newer
     * version waits for a signature too, the digest goes through the same decision as when it was pushed (staging
     * may have moved, been held or frozen since) and, if it is still to be followed, the same deploy.
     */
    private FollowDecision.Verdict onSignature(ServiceConfig service, Digest subject, Push push) {
        Map<Digest, String> waiting = guards.awaitingSignature(push.repository());
        String tag = waiting.get(subject);
        if (tag == null) {
            return FollowDecision.Verdict.ignore(Msg.of("pipeline.follow.no_wait", subject.shortForm()));
        }
        Instant now = clock.instant();
        java.util.Set<Digest> failed = failedInStaging(service);
        FollowDecision.Staging staging = staging(service, subject, failed, now);
        Optional<String> newer = newerToFollow(service, push.repository(), subject, tag, staging.running(), failed);
        FollowDecision.Verdict verdict = newer.isPresent()
                ? FollowDecision.Verdict.ignore(Msg.of("pipeline.follow.newer_pushed", newer.get()))
                : FollowDecision.decide(config.follow().policy(service.serviceName()), tag, staging, now);
        Optional<String> chat = config.follow().chatFor(service.serviceName(), config.chats());
        String what = service.name() + " " + tag + " (" + subject.shortForm() + ")";
        audit.record(new AuditEntry(now, ACTOR, chat.orElse(""), "signature " + push.repository() + ":" + tag + " via " + push.source(),
                verdict.action().name().toLowerCase(), verdict.reason()));
        log.info("signature for {}:{} {}: {} ({})", push.repository(), tag, subject.shortForm(), verdict.action(), com.larkops.model.Text.plain(verdict.reason()));
        if (verdict.action() != FollowDecision.Action.DEPLOY) {
            guards.stopAwaitingSignature(push.repository(), subject);
            if (verdict.action() == FollowDecision.Action.ANNOUNCE) {
                chat.ifPresent(c -> news.tell(c, topic(service.serviceName(), verdict, tag),
                        Reply.ok(Msg.of("pipeline.follow.signed_announce", what, verdict.why()))));
            }
            return verdict;
        }
        // a signature that does not pass (another key, another digest) leaves it waiting, and says why without a live card
        awaitTag(push);
        try {
            deployer.requireSignature(new Target(service.name(), Env.STAGING, subject, tag, ""));
        } catch (RefusedException e) {
            chat.ifPresent(c -> news.tell(c, topic(service.serviceName(), verdict, tag), Reply.ok(Msg.of("pipeline.follow.signature_fails", what,
                    e.text()))));
            return new FollowDecision.Verdict(FollowDecision.Action.ANNOUNCE, Msg.of("pipeline.follow.signature_does_not_pass"),
                    verdict.version());
        }
        if (!guards.stopAwaitingSignature(push.repository(), subject)) {
            // another process sharing the store (a replica, a replay) took this wait first
            return FollowDecision.Verdict.ignore(Msg.of("pipeline.follow.other_process"));
        }
        deploy(service, new Push(push.repository(), tag, subject, push.source()), verdict, chat, "signed");
        return verdict;
    }

    /**
     * A version pushed to this repository that is newer than {@code tag}'s and that the policy takes from what
     * staging runs (the poller's choice over the pushed tags), unless it failed in staging: then the signed
     * digest is no longer the one to follow.
     */
    private Optional<String> newerToFollow(ServiceConfig service, String repository, Digest subject, String tag,
                                           Optional<Version> running, java.util.Set<Digest> failed) {
        Optional<Version> mine = TagScheme.versionOf(tag).map(Version::withoutBuild);
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        com.larkops.config.FollowPolicy policy = config.follow().policy(service.serviceName());
        return guards.pushedTags(repository, PUSHES_COMPARED).entrySet().stream()
                .filter(e -> !e.getKey().equals(subject) && !failed.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .filter(t -> TagScheme.versionOf(t).map(Version::withoutBuild)
                        .filter(v -> !v.isPrerelease() && v.compareTo(mine.get()) > 0
                                && running.map(r -> FollowDecision.within(policy, r.withoutBuild(), v)).orElse(true))
                        .isPresent())
                .findFirst();
    }

    /**
     * Distribution sends the notification of a manifest pushed by tag before it links the tag, and the signatures
     * are read by tag: wait (briefly) until the tag shows this push, so the check sees what was pushed.
     */
    private void awaitTag(Push push) {
        long deadline = System.nanoTime() + TAG_WAIT.toNanos();
        while (true) {
            try {
                if (tags.apply(push.repository(), push.tag()).map(push.digest()::equals).orElse(false)) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("cannot read tag {}:{}: {}", push.repository(), push.tag(), e.getMessage());
                return;
            }
            if (System.nanoTime() > deadline) {
                log.info("tag {}:{} does not show {} yet; checking what is there", push.repository(), push.tag(), push.digest().shortForm());
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The push is a hint: the registry must serve the pushed digest under the pushed tag now (the what gate), and the
     * deploy passes every other gate too; a refusal is said in the service's chat. A refusal for want of a signature
     * waits for one.
     */
    private void deploy(ServiceConfig service, Push push, FollowDecision.Verdict verdict, Optional<String> chat, String news) {
        String version = verdict.version().map(Version::toString).orElse(push.tag());
        String what = service.name() + " " + com.larkops.model.Text.clip(push.tag()) + " (" + push.digest().shortForm() + ")";
        awaitTag(push);
        Text deploying = Msg.of(news.equals("signed") ? "pipeline.follow.deploying_signed" : "pipeline.follow.deploying_pushed",
                service.name(), version, push.digest().shortForm(), verdict.why());
        Target target;
        Caller actor = new Caller(ACTOR, chat.orElse(""), false);
        try {
            Target resolved = deployer.resolve(service, Env.STAGING, push.digest().value());
            target = new Target(service.name(), Env.STAGING, push.digest(), version, resolved.image());
            deployer.gates().require(ChangeRequest.of(origin(push), actor, ChangeRequest.Kind.DEPLOY, target).claiming(push.tag()));
        } catch (GateRefusedException e) {
            if (e.gate() == Gate.Name.SIGNATURE) {
                waitForSignature(service, push, version, chat, deploying, e);
                return;
            }
            refused(chat, new News.Topic(service.name(), version), what, e.text());
            return;
        } catch (RuntimeException e) {
            refused(chat, new News.Topic(service.name(), version), what, Why.of(e));
            return;
        }
        // one live card in the service's chat, posted now and patched as the plan runs
        Progress live = chat.map(c -> this.news.live(c, new News.Topic(service.name(), version), Msg.of("pipeline.follow.live_title"))).orElse(Progress.NONE);
        live.line(deploying);
        Deployer.Outcome outcome;
        try {
            outcome = deployer.deploy(target, Release.Kind.DEPLOY, actor, live);
        } catch (RuntimeException e) {
            log.warn("automatic deploy of {} {} refused: {}", service.name(), version, e.getMessage());
            live.finish(Reply.error(Msg.of("pipeline.follow.did_not_run", service.name(), version, Why.of(e))));
            return;
        }
        live.finish(new Reply(outcome.live() ? Reply.Outcome.OK : Reply.Outcome.ERROR, Msg.of("pipeline.follow.outcome", outcome.message()),
                outcome.card()));
    }

    /** Which entry point a push came through: its refusals name it ("… as the Harbor push webhook said"). */
    static ChangeRequest.Origin origin(Push push) {
        return switch (push.source()) {
            case "poll" -> ChangeRequest.Origin.POLL;
            case "harbor" -> ChangeRequest.Origin.HARBOR_WEBHOOK;
            case "tcr" -> ChangeRequest.Origin.TCR_WEBHOOK;
            case "acr" -> ChangeRequest.Origin.ACR_WEBHOOK;
            default -> ChangeRequest.Origin.NOTIFICATION;
        };
    }

    private void refused(Optional<String> chat, News.Topic topic, String what, Text why) {
        log.warn("automatic deploy of {} refused: {}", what, why.in(Language.DEFAULT));
        chat.ifPresent(c -> news.tell(c, topic, Reply.error(Msg.of("pipeline.follow.refused", what, why))));
    }

    private static News.Topic topic(ServiceName service, FollowDecision.Verdict verdict, String tag) {
        return new News.Topic(service.value(), verdict.version().map(Version::toString).orElse(tag));
    }

    private void waitForSignature(ServiceConfig service, Push push, String version, Optional<String> chat, Text deploying,
                                  GateRefusedException e) {
        guards.awaitSignature(push.repository(), push.digest(), push.tag(), clock.instant());
        log.info("automatic deploy of {} {} waits for a signature: {}", service.name(), version, e.getMessage());
        Progress live = chat.map(c -> news.live(c, new News.Topic(service.name(), version), Msg.of("pipeline.follow.live_title"))).orElse(Progress.NONE);
        live.line(deploying);
        live.finish(Reply.error(Msg.of("pipeline.follow.waits_for_signature", service.name(), version, e.text())));
    }

    /**
     * A release became known-good: when it is an automatic staging deploy, ask the approvers for prod (the
     * existing promotion card; an approver still decides), unless prod is frozen or already runs it.
     */
    public void onKnownGood(Release release) {
        if (release.env() != Env.STAGING || !ACTOR.equals(release.actor())) {
            return;
        }
        Optional<ServiceConfig> service = config.service(release.service());
        Optional<String> chat = config.follow().chatFor(release.service(), config.chats());
        if (service.isEmpty() || chat.isEmpty()) {
            return;
        }
        String what = release.service() + " " + release.version() + " (" + release.digest().shortForm() + ")";
        News.Topic topic = new News.Topic(release.service().value(), release.version());
        if (history.live(release.service(), Env.PROD).map(r -> r.digest().equals(release.digest())).orElse(false)) {
            return;
        }
        Optional<Hold> held = guards.hold(release.service(), Env.PROD);
        if (held.isPresent()) {
            news.tell(chat.get(), topic, Reply.ok(Msg.of("pipeline.follow.known_good_held", what, Md.mention(held.get().by()))));
            return;
        }
        Optional<Freeze> frozen = guards.freezeCovering(release.service(), Env.PROD, clock.instant());
        if (frozen.isPresent()) {
            news.tell(chat.get(), topic, Reply.ok(Msg.of("pipeline.follow.known_good_frozen", what, frozen.get().reason())));
            return;
        }
        try {
            Reply asked = prod.request(service.get(), new Target(release.service(), Env.PROD, release.digest(), release.version(),
                    release.image()), new Caller(ACTOR, chat.get(), false), Progress.NONE);
            log.info("promotion of {} requested: {}", what, com.larkops.model.Text.plain(asked.text()));
        } catch (RuntimeException e) {
            news.tell(chat.get(), topic, Reply.ok(Msg.of("pipeline.follow.known_good_no_card", what, Why.of(e))));
        }
    }
}
