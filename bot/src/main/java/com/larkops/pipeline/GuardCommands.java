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
import com.larkops.model.Text;
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

    /** The refusal text a freeze gives a deploy, for the deployer's check. */
    public Freezes freezes() {
        return (service, env) -> guards.freezeCovering(service, env, clock.instant()).map(f -> "is frozen by " + Text.mention(f.by())
                + " since " + f.since() + f.until().map(u -> " until " + u).orElse("") + ": " + f.reason());
    }

    /**
     * After a {@code /rollback} that ran (put live or failed, not refused): its env is held — a human is in charge
     * there now, and a later push must not undo the rollback. The line says so.
     */
    public Optional<String> holdAfterRollback(String service, Env env, Caller caller) {
        String digest = history.live(service, env).map(rel -> rel.digest().value()).orElse("");
        guards.hold(new Hold(service, env, digest, caller.user(), clock.instant(), "rolled back"));
        return Optional.of(service + " " + env + " is now held: pushes are announced, not deployed, until /release " + service + " " + env);
    }

    /** {@code /digest}'s post-step: each held env's hold line. */
    public Reply holdLines(Request r, Reply reply) {
        StringBuilder extra = new StringBuilder();
        for (Hold h : guards.holds()) {
            String which = r.command().arg(0);
            if (which == null || which.equals("all") || which.equals(h.service())) {
                holdLine(h.service(), h.env()).ifPresent(l -> extra.append('\n').append(h.service()).append(' ').append(h.env())
                        .append(": ").append(l));
            }
        }
        return extra.isEmpty() ? reply : withText(reply, extra.toString().strip());
    }

    /** {@code /history}'s post-step: the pipeline timeline of the newest staging digest. */
    public Reply timeline(Request r, Reply reply) {
        String name = r.command().arg(0);
        if (reply.outcome() != Reply.Outcome.OK || name == null) {
            return reply;
        }
        return config.service(name).flatMap(s -> timeline(s.name(), s.repository()))
                .map(t -> withText(reply, t)).orElse(reply);
    }

    /** The reply with {@code extra} under its text and, when it is a card, at the end of the card. */
    private static Reply withText(Reply reply, String extra) {
        return new Reply(reply.outcome(), reply.text() + "\n" + extra, reply.card().map(card -> com.larkops.cards.CardJson.appended(card,
                com.larkops.cards.CardJson.markdown(com.larkops.cards.Md.text(extra)))));
    }

    private Reply hold(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        String service = service(args);
        Env env = env(args).orElse(Env.STAGING);
        String reason = String.join(" ", args);
        String digest = history.live(service, env).map(rel -> rel.digest().value()).orElse("");
        guards.hold(new Hold(service, env, digest, r.caller().user(), clock.instant(), Text.clip(reason)));
        return Reply.ok(service + " " + env + " is held" + (digest.isEmpty() ? "" : " at " + Digest.shortOf(digest))
                + ": pushes are announced, not deployed, until /release " + service + " " + env);
    }

    private Reply release(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        String service = service(args);
        Env env = env(args).orElse(Env.STAGING);
        if (!args.isEmpty()) {
            throw new UsageException("too many arguments");
        }
        return guards.release(service, env)
                ? Reply.ok(service + " " + env + " is no longer held: newer pushes deploy by themselves again"
                + (config.follow().policy(service) == com.larkops.config.FollowPolicy.OFF ? " (once follow is set; it is off)" : ""))
                : Reply.ok(service + " " + env + " was not held; nothing to do");
    }

    private Reply freeze(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        Optional<String> service = scope(args);
        Optional<Env> env = env(args);
        Optional<Instant> until = Optional.empty();
        Instant now = clock.instant();
        if (!args.isEmpty() && args.get(0).equals("for")) {
            if (args.size() < 2) {
                throw new UsageException("'for' needs a duration, e.g. for 2h");
            }
            Duration d = DurationText.parse(args.get(1));
            if (d.isZero() || d.compareTo(MAX_FREEZE) > 0) {
                throw new UsageException("a freeze lasts up to " + DurationText.format(MAX_FREEZE) + "; say less, or no end at all");
            }
            until = Optional.of(now.plus(d));
            args.subList(0, 2).clear();
        } else if (!args.isEmpty() && args.get(0).equals("until")) {
            if (args.size() < 2) {
                throw new UsageException("'until' needs a time, e.g. until 18:00 (UTC) or until 2026-12-01T09:00Z");
            }
            until = Optional.of(time(args.get(1), now));
            args.subList(0, 2).clear();
        }
        if (args.isEmpty()) {
            throw new UsageException("say why: the reason is shown to everyone whose deploy is refused");
        }
        Freeze f = guards.freeze(new Freeze(0, service, env, r.caller().user(), now, until, Text.clip(String.join(" ", args))));
        return Reply.ok("frozen: " + f.scope() + until.map(u -> " until " + u).orElse(" until /unfreeze")
                + ". Deploys there are refused; break-glass rollbacks still work.");
    }

    private Reply unfreeze(Request r) {
        List<String> args = new ArrayList<>(r.command().args());
        Optional<String> service = scope(args);
        Optional<Env> env = env(args);
        if (!args.isEmpty()) {
            throw new UsageException("too many arguments");
        }
        List<Freeze> lifted = guards.unfreeze(service, env);
        if (lifted.isEmpty()) {
            return Reply.ok("no freeze of " + service.orElse("all services") + env.map(e -> " " + e).orElse("") + " to lift"
                    + remaining());
        }
        return Reply.ok("lifted " + lifted.size() + " freeze" + (lifted.size() == 1 ? "" : "s") + " of "
                + service.orElse("all services") + env.map(e -> " " + e).orElse("") + remaining());
    }

    private String remaining() {
        List<Freeze> left = guards.freezes(clock.instant());
        return left.isEmpty() ? "" : "; still frozen: " + String.join(", ", left.stream().map(Freeze::scope).toList());
    }

    String locks() {
        Instant now = clock.instant();
        StringBuilder sb = new StringBuilder();
        Map<String, Locks.Holder> held = locks.held();
        sb.append("locked (a change is running):");
        if (held.isEmpty()) {
            sb.append(" nothing");
        }
        held.forEach((name, h) -> sb.append("\n  ").append(name).append(" by ").append(Text.mention(h.holder()))
                .append(" since ").append(h.since()).append(" (").append(ago(h.since(), now)).append(")"));
        List<Hold> holds = guards.holds();
        sb.append("\nheld (no automatic deploys):");
        if (holds.isEmpty()) {
            sb.append(" nothing");
        }
        for (Hold h : holds) {
            sb.append("\n  ").append(h.service()).append(' ').append(h.env())
                    .append(h.digest().isEmpty() ? "" : " at " + Digest.shortOf(h.digest()))
                    .append(" by ").append(Text.mention(h.by())).append(" since ").append(h.since())
                    .append(" (").append(ago(h.since(), now)).append(")")
                    .append(h.reason().isBlank() ? "" : ": " + h.reason());
        }
        List<Freeze> freezes = guards.freezes(now);
        sb.append("\nfrozen (no deploys):");
        if (freezes.isEmpty()) {
            sb.append(" nothing");
        }
        for (Freeze f : freezes) {
            sb.append("\n  ").append(f.scope()).append(" by ").append(Text.mention(f.by())).append(" since ").append(f.since())
                    .append(f.until().map(u -> " until " + u).orElse(" until /unfreeze")).append(": ").append(f.reason());
        }
        return sb.toString();
    }

    /** The hold line for {@code /digest}: empty when not held. */
    public Optional<String> holdLine(String service, Env env) {
        return guards.hold(service, env).map(h -> "held" + (h.digest().isEmpty() ? "" : " at " + Digest.shortOf(h.digest()))
                + " by " + Text.mention(h.by()) + " since " + h.since() + (h.reason().isBlank() ? "" : " (" + h.reason() + ")"));
    }

    /** push → staging → known-good → prod for the newest digest in staging, for {@code /history}. */
    public Optional<String> timeline(String service, String repository) {
        Optional<Release> staging = history.history(service, Env.STAGING, 20).stream()
                .filter(r -> r.outcome() == Release.Outcome.LIVE || r.outcome() == Release.Outcome.SUPERSEDED).findFirst();
        if (staging.isEmpty()) {
            return Optional.empty();
        }
        Release s = staging.get();
        Optional<Release> prod = history.history(service, Env.PROD, 20).stream()
                .filter(r -> r.digest().equals(s.digest()) && r.healthyAt().isPresent()).findFirst();
        return Optional.of("pipeline of " + s.version() + " (" + s.digest().shortForm() + "): pushed "
                + guards.pushedAt(repository, s.digest()).map(Instant::toString).orElse("(not seen)")
                + " → staging " + s.healthyAt().map(Instant::toString).orElse("—") + (Follower.ACTOR.equals(s.actor()) ? " (auto)" : "")
                + " → known-good " + s.knownGoodAt().map(Instant::toString).orElse("—")
                + " → prod " + prod.flatMap(Release::healthyAt).map(Instant::toString).orElse("—"));
    }

    private String service(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("name the service");
        }
        String name = args.remove(0);
        if (config.service(name).isEmpty()) {
            throw new InvalidInputException("unknown service '" + Text.clip(name) + "'; known: " + String.join(", ", config.services().keySet()));
        }
        return name;
    }

    /** A leading service name or "all"; anything else is left for the next argument. */
    private Optional<String> scope(List<String> args) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        if (args.get(0).equals("all")) {
            args.remove(0);
            return Optional.empty();
        }
        if (config.service(args.get(0)).isPresent()) {
            return Optional.of(args.remove(0));
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
                throw new UsageException("'until " + Text.clip(text) + "' must be in the next " + DurationText.format(MAX_FREEZE));
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new UsageException("'" + Text.clip(text) + "' is not a time; use 18:00 (UTC) or 2026-12-01T09:00Z");
        }
    }

    private static String ago(Instant since, Instant now) {
        return DurationText.human(Duration.between(since, now).withNanos(0)) + " ago";
    }
}
