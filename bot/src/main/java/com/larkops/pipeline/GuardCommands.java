package com.larkops.pipeline;

import com.larkops.model.Digest;
import com.larkops.command.Caller;
import com.larkops.command.Command;
import com.larkops.command.CommandSpec;
import com.larkops.command.Reply;
import com.larkops.command.Request;
import com.larkops.command.Role;
import com.larkops.command.UsageException;
import com.larkops.config.LarkopsConfig;
import com.larkops.model.DurationText;
import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.model.Text;
import com.larkops.cards.Appended;
import com.larkops.i18n.Msg;
import com.larkops.release.Freezes;
import com.larkops.release.Locks;
import com.larkops.release.ReleaseHistory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /hold}, {@code /release}, {@code /freeze}, {@code /unfreeze} and {@code /locks}: humans in charge of automation. */
public final class GuardCommands {
    static final Duration MAX_FREEZE = Duration.ofDays(30);

    private final LarkopsConfig config;
    private final Guards guards;
    private final Locks locks;
    private final ReleaseHistory history;
    private final Clock clock;

    public GuardCommands(LarkopsConfig config, Guards guards, Locks locks, ReleaseHistory history, Clock clock) {
        this.config = config;
        this.guards = guards;
        this.locks = locks;
        this.history = history;
        this.clock = clock;
    }

    public List<CommandSpec> specs() {
        return List.of(
                CommandSpec.of("hold", "/hold <service> [staging|prod] [reason]",
                        "no automatic deploy there until /release (a /rollback holds too)", Role.DEPLOYER, this::hold),
                CommandSpec.of("release", "/release <service> [staging|prod]", "lift a hold: automatic deploys resume",
                        Role.DEPLOYER, this::release),
                CommandSpec.of("freeze", "/freeze [service|all] [staging|prod] [for <duration>|until <time>] <reason>",
                        "no deploys at all to that scope (break-glass rollbacks still work)", Role.APPROVER, this::freeze),
                CommandSpec.of("unfreeze", "/unfreeze [service|all] [staging|prod]", "lift a freeze", Role.APPROVER, this::unfreeze),
                CommandSpec.of("locks", "/locks", "what is locked, held or frozen, by whom, why", Role.READER, r -> Reply.ok(locks())));
    }

    /** The refusal text a freeze gives a deploy, for the deployer's check and the gates. */
    public Freezes freezes() {
        return this::frozen;
    }

    /** The refusal a freeze gives a deploy to this service and env: {@code is frozen by … since …: reason}. */
    public Optional<com.larkops.i18n.Text> frozen(ServiceName service, Env env) {
        return guards.freezeCovering(service, env, clock.instant()).map(GuardTexts::frozen);
    }

    /**
     * After a {@code /rollback} that ran (put live or failed, not refused): its env is held — a human is in charge
     * there now, and a later push must not undo the rollback. The line says so.
     */
    public Optional<com.larkops.i18n.Text> heldAfterRollback(ServiceName service, Env env, Caller caller) {
        String digest = history.live(service, env).map(rel -> rel.digest().value()).orElse("");
        guards.hold(new Hold(service, env, digest, caller.user(), clock.instant(), "rolled back"));
        return Optional.of(Msg.of("pipeline.hold.after_rollback", service.value(), env));
    }

    /** {@code /digest}'s post-step: each held env's hold line. */
    public Reply holdLines(Request r, Reply reply) {
        List<com.larkops.i18n.Text> extra = new ArrayList<>();
        for (Hold h : guards.holds()) {
            String which = r.command().arg(0);
            if (which == null || which.equals("all") || which.equals(h.service().value())) {
                holdLine(h.service(), h.env()).ifPresent(l -> extra.add(com.larkops.i18n.Text.verbatim(h.service().value() + " " + h.env() + ": ")
                        .then(l)));
            }
        }
        return extra.isEmpty() ? reply : withText(reply, com.larkops.i18n.Text.lines(extra));
    }

    /** {@code /history}'s post-step: the pipeline timeline of the newest staging digest. */
    public Reply timeline(Request r, Reply reply) {
        String name = r.command().arg(0);
        if (reply.outcome() != Reply.Outcome.OK || name == null) {
            return reply;
        }
        return config.service(name).flatMap(s -> timeline(s.serviceName(), s.repository()))
                .map(t -> withText(reply, t)).orElse(reply);
    }

    /** The reply with {@code extra} under its text and, when it is a card, at the end of the card. */
    private static Reply withText(Reply reply, com.larkops.i18n.Text extra) {
        return new Reply(reply.outcome(), reply.message().thenLine(extra), reply.card().map(card -> Appended.text(card, extra)));
    }

    private Reply hold(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        ServiceName service = service(args);
        Env env = env(args).orElse(Env.STAGING);
        String reason = String.join(" ", args);
        String digest = history.live(service, env).map(rel -> rel.digest().value()).orElse("");
        guards.hold(new Hold(service, env, digest, r.caller().user(), clock.instant(), Text.clip(reason)));
        return Reply.ok(digest.isEmpty() ? Msg.of("pipeline.hold.set", service.value(), env)
                : Msg.of("pipeline.hold.set_at", service.value(), env, Digest.shortOf(digest)));
    }

    private Reply release(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        ServiceName service = service(args);
        Env env = env(args).orElse(Env.STAGING);
        if (!args.isEmpty()) {
            throw new UsageException(Msg.of("pipeline.usage.too_many"));
        }
        return guards.release(service, env)
                ? Reply.ok(config.follow().policy(service) == com.larkops.config.FollowPolicy.OFF
                ? Msg.of("pipeline.hold.released_follow_off", service.value(), env) : Msg.of("pipeline.hold.released", service.value(), env))
                : Reply.ok(Msg.of("pipeline.hold.not_held", service.value(), env));
    }

    private Reply freeze(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        Optional<ServiceName> service = scope(args);
        Optional<Env> env = env(args);
        Optional<Instant> until = Optional.empty();
        Instant now = clock.instant();
        if (!args.isEmpty() && args.get(0).equals("for")) {
            if (args.size() < 2) {
                throw new UsageException(Msg.of("pipeline.freeze.for_needs_duration"));
            }
            Duration d = DurationText.parse(args.get(1));
            if (d.isZero() || d.compareTo(MAX_FREEZE) > 0) {
                throw new UsageException(Msg.of("pipeline.freeze.too_long", DurationText.format(MAX_FREEZE)));
            }
            until = Optional.of(now.plus(d));
            args.subList(0, 2).clear();
        } else if (!args.isEmpty() && args.get(0).equals("until")) {
            if (args.size() < 2) {
                throw new UsageException(Msg.of("pipeline.freeze.until_needs_time"));
            }
            until = Optional.of(time(args.get(1), now));
            args.subList(0, 2).clear();
        }
        if (args.isEmpty()) {
            throw new UsageException(Msg.of("pipeline.freeze.say_why"));
        }
        Freeze f = guards.freeze(new Freeze(0, service, env, r.caller().user(), now, until, Text.clip(String.join(" ", args))));
        return Reply.ok(until.<com.larkops.i18n.Text>map(u -> Msg.of("pipeline.freeze.set_until", f.scope(), u))
                .orElse(Msg.of("pipeline.freeze.set", f.scope())));
    }

    private Reply unfreeze(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        Optional<ServiceName> service = scope(args);
        Optional<Env> env = env(args);
        if (!args.isEmpty()) {
            throw new UsageException(Msg.of("pipeline.usage.too_many"));
        }
        List<Freeze> lifted = guards.unfreeze(service, env);
        com.larkops.i18n.Text which = GuardTexts.named(service, env);
        if (lifted.isEmpty()) {
            return Reply.ok(Msg.of("pipeline.unfreeze.none", which, remaining()));
        }
        return Reply.ok(Msg.of(lifted.size() == 1 ? "pipeline.unfreeze.lifted_one" : "pipeline.unfreeze.lifted", lifted.size(), which,
                remaining()));
    }

    private com.larkops.i18n.Text remaining() {
        List<Freeze> left = guards.freezes(clock.instant());
        return left.isEmpty() ? com.larkops.i18n.Text.verbatim("")
                : Msg.of("pipeline.unfreeze.remaining", com.larkops.i18n.Text.joined(", ", left.stream().map(Freeze::scope).toList()));
    }

    com.larkops.i18n.Text locks() {
        Instant now = clock.instant();
        List<com.larkops.i18n.Text> lines = new ArrayList<>();
        Map<String, Locks.Holder> held = locks.held();
        lines.add(Msg.of("pipeline.locks.locked", nothingIf(held.isEmpty())));
        held.forEach((name, h) -> lines.add(indented(Msg.of("pipeline.locks.lock", name, Text.mention(h.holder()), h.since(),
                GuardTexts.ago(h.since(), now)))));
        List<Hold> holds = guards.holds();
        lines.add(Msg.of("pipeline.locks.held", nothingIf(holds.isEmpty())));
        for (Hold h : holds) {
            lines.add(indented(h.digest().isEmpty()
                    ? Msg.of("pipeline.locks.hold", h.service().value(), h.env(), Text.mention(h.by()), h.since(), GuardTexts.ago(h.since(), now),
                    GuardTexts.reason(h.reason()))
                    : Msg.of("pipeline.locks.hold_at", h.service().value(), h.env(), Digest.shortOf(h.digest()), Text.mention(h.by()), h.since(),
                    GuardTexts.ago(h.since(), now), GuardTexts.reason(h.reason()))));
        }
        List<Freeze> freezes = guards.freezes(now);
        lines.add(Msg.of("pipeline.locks.frozen", nothingIf(freezes.isEmpty())));
        for (Freeze f : freezes) {
            lines.add(indented(f.until().<com.larkops.i18n.Text>map(u -> Msg.of("pipeline.locks.freeze_until", f.scope(), Text.mention(f.by()),
                    f.since(), u, f.reason())).orElse(Msg.of("pipeline.locks.freeze", f.scope(), Text.mention(f.by()), f.since(), f.reason()))));
        }
        return com.larkops.i18n.Text.lines(lines);
    }

    private static com.larkops.i18n.Text nothingIf(boolean empty) {
        return empty ? Msg.of("pipeline.locks.nothing") : com.larkops.i18n.Text.verbatim("");
    }

    private static com.larkops.i18n.Text indented(com.larkops.i18n.Text line) {
        return com.larkops.i18n.Text.verbatim("  ").then(line);
    }

    /** The hold line for {@code /digest}: empty when not held. */
    public Optional<com.larkops.i18n.Text> holdLine(ServiceName service, Env env) {
        return guards.hold(service, env).map(h -> GuardTexts.held(h).then(GuardTexts.parenthesised(h.reason())));
    }

    /** push → staging → known-good → prod for the newest digest in staging, for {@code /history}. */
    public Optional<com.larkops.i18n.Text> timeline(ServiceName service, String repository) {
        Optional<Release> staging = history.history(service, Env.STAGING, 20).stream()
                .filter(r -> r.outcome() == Release.Outcome.LIVE || r.outcome() == Release.Outcome.SUPERSEDED).findFirst();
        if (staging.isEmpty()) {
            return Optional.empty();
        }
        Release s = staging.get();
        Optional<Release> prod = history.history(service, Env.PROD, 20).stream()
                .filter(r -> r.digest().equals(s.digest()) && r.healthyAt().isPresent()).findFirst();
        return Optional.of(Msg.of("pipeline.timeline", s.version(), s.digest().shortForm(),
                guards.pushedAt(repository, s.digest()).<com.larkops.i18n.Text>map(t -> com.larkops.i18n.Text.verbatim(t.toString()))
                        .orElse(Msg.of("pipeline.timeline.not_seen")),
                s.healthyAt().map(Instant::toString).orElse("—"),
                Follower.ACTOR.equals(s.actor()) ? Msg.of("pipeline.timeline.auto") : "",
                s.knownGoodAt().map(Instant::toString).orElse("—"),
                prod.flatMap(Release::healthyAt).map(Instant::toString).orElse("—")));
    }

    private ServiceName service(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(Msg.of("pipeline.usage.name_service"));
        }
        String name = args.remove(0);
        if (config.service(name).isEmpty()) {
            throw new InvalidInputException(Msg.of("pipeline.unknown_service", Text.clip(name), String.join(", ", config.services().keySet())));
        }
        return new ServiceName(name);
    }

    /** A leading service name or "all"; anything else is left for the next argument. */
    private Optional<ServiceName> scope(List<String> args) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        if (args.get(0).equals("all")) {
            args.remove(0);
            return Optional.empty();
        }
        if (config.service(args.get(0)).isPresent()) {
            return Optional.of(new ServiceName(args.remove(0)));
        }
        return Optional.empty();
    }

    private static Optional<Env> env(List<String> args) {
        if (!args.isEmpty() && (args.get(0).equalsIgnoreCase("staging") || args.get(0).equalsIgnoreCase("prod"))) {
            return Optional.of(Env.parse(args.remove(0)));
        }
        return Optional.empty();
    }

    /** {@code 18:00} (UTC, the next one), {@code 2026-12-01T09:00Z} or {@code 2026-12-01T09:00} (UTC). */
    static Instant time(String text, Instant now) {
        try {
            if (text.matches("\\d{1,2}:\\d{2}")) {
                LocalTime t = LocalTime.parse(text.length() == 4 ? "0" + text : text);
                Instant today = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(t).toInstant(ZoneOffset.UTC);
                return today.isAfter(now) ? today : today.plus(Duration.ofDays(1));
            }
            Instant at = text.endsWith("Z") ? Instant.parse(text.length() == 17 ? text.replace("Z", ":00Z") : text)
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            if (!at.isAfter(now) || at.isAfter(now.plus(MAX_FREEZE))) {
                throw new UsageException(Msg.of("pipeline.freeze.until_range", Text.clip(text), DurationText.format(MAX_FREEZE)));
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new UsageException(Msg.of("pipeline.freeze.not_a_time", Text.clip(text)));
        }
    }
}
