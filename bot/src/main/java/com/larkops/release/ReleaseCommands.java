package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.command.Command;
import com.larkops.command.CommandSpec;
import com.larkops.command.RefusedException;
import com.larkops.command.Reply;
import com.larkops.command.Request;
import com.larkops.command.Role;
import com.larkops.command.UsageException;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Env;
import com.larkops.model.Release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The release commands' rows in the routing table: argument handling only; the work is in Deployer and ReleaseQueries. */
public final class ReleaseCommands {
    /** /logs reads at most this many lines, whatever is asked (a card holds a few KB; the engine's output is not ours to flood chat with). */
    static final int MAX_LOG_LINES = 500;

    private final LarkopsConfig config;
    private final Deployer deployer;
    private final RollbackTargets rollbacks;
    private final ReleaseQueries queries;
    private final ProdRequests prod;
    private final ReleaseHistory history;

    /** How prod roll-forwards are asked for (the approval flow implements it). */
    public interface ProdRequests {
        /** Posts the approval card as the command's live card ({@code progress}) or, from the shell, to the chat. */
        Reply request(ServiceConfig service, Target target, com.larkops.command.Caller caller, com.larkops.command.Progress progress);
    }

    /**
     * What follows a rollback that ran (put live or failed, not refused): the line to add to its answer. The
     * guard side holds the env there — a human is in charge now, and a later push must not undo the rollback.
     */
    public interface AfterRollback {
        AfterRollback NONE = (service, env, caller) -> Optional.empty();

        /** The line to add to the rollback's answer. */
        Optional<Text> ran(com.larkops.model.ServiceName service, Env env, com.larkops.command.Caller caller);
    }

    private final AfterRollback afterRollback;

    /** How a change for later is scheduled ({@code /deploy … at <date> <time>}; the schedule side implements it). */
    public interface Scheduler {
        Scheduler NONE = (service, target, at, caller, progress) -> {
            throw new RefusedException(Msg.of("release.refused.no_schedules"));
        };

        /** {@code target} resolves the reference to a digest (once, after the time was checked). */
        Reply schedule(ServiceConfig service, java.util.function.Supplier<Target> target, java.time.LocalDateTime at, com.larkops.command.Caller caller,
                       com.larkops.command.Progress progress);
    }

    private volatile Scheduler scheduler = Scheduler.NONE;

    public void useScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public ReleaseCommands(LarkopsConfig config, Deployer deployer, RollbackTargets rollbacks, ReleaseQueries queries,
                           ProdRequests prod, ReleaseHistory history) {
        this(config, deployer, rollbacks, queries, prod, history, AfterRollback.NONE);
    }

    public ReleaseCommands(LarkopsConfig config, Deployer deployer, RollbackTargets rollbacks, ReleaseQueries queries,
                           ProdRequests prod, ReleaseHistory history, AfterRollback afterRollback) {
        this.afterRollback = afterRollback;
        this.config = config;
        this.deployer = deployer;
        this.rollbacks = rollbacks;
        this.queries = queries;
        this.prod = prod;
        this.history = history;
    }

    /** Every row, in the order /help lists them. */
    public List<CommandSpec> specs() {
        return List.of(digestSpec(), deploySpec(), promoteSpec(), rollbackSpec(), historySpec(), statusSpec(), logsSpec(), imagesSpec());
    }

    public CommandSpec digestSpec() {
        return CommandSpec.of("digest", "/digest [service|all]", "which digest runs where, since when, by whom, last known-good",
                Role.READER, this::digest);
    }

    public CommandSpec deploySpec() {
        return CommandSpec.of("deploy", "/deploy <service> <version|tag|sha256:…> [staging|prod] [at <YYYY-MM-DD HH:MM>]",
                "resolve to a digest once and roll it out (staging by default); with 'at', at that time (timezone in larkops.yaml), "
                        + "a prod approval now", Role.DEPLOYER, this::deploy);
    }

    public CommandSpec promoteSpec() {
        return CommandSpec.of("promote", "/promote <service> [staging] to prod",
                "ask approvers to put the digest now known-good in staging into prod", Role.DEPLOYER, this::promote);
    }

    public CommandSpec rollbackSpec() {
        return CommandSpec.of("rollback", "/rollback <service> [staging|prod] [to <version|digest>]",
                "put back the last known-good digest (or the named one), immediately"
                        + (afterRollback == AfterRollback.NONE ? "" : "; holds the env against automatic deploys"), Role.DEPLOYER, this::rollback);
    }

    public CommandSpec historySpec() {
        return CommandSpec.of("history", "/history <service> [n]", "releases, newest first", Role.READER, this::history);
    }

    public CommandSpec statusSpec() {
        return CommandSpec.of("status", "/status", "every service and env: health, digest, drift", Role.READER,
                r -> queries.digestReply(List.copyOf(config.services().values()), true));
    }

    public CommandSpec logsSpec() {
        return CommandSpec.of("logs", "/logs <service> [staging|prod] [n]", "the last n (default 50, at most 500) log lines, redacted",
                Role.DEPLOYER, this::logs);
    }

    public CommandSpec imagesSpec() {
        return CommandSpec.of("images", "/images <service>", "tags ↔ digests in the registry", Role.READER, this::images);
    }

    private Reply digest(Request r) {
        Command c = r.command();
        expectArgs(c, 0, 1);
        String which = Optional.ofNullable(c.arg(0)).orElse("all");
        List<ServiceConfig> services = which.equals("all") ? new ArrayList<>(config.services().values())
                : List.of(deployer.service(which));
        if (services.isEmpty()) {
            return Reply.ok(Msg.of("release.status.no_services"));
        }
        return queries.digestReply(services, false);
    }

    private Reply deploy(Request r) {
        Optional<com.larkops.command.AtTime> at = com.larkops.command.AtTime.split(r.command().args());
        Command c = at.map(a -> new Command(r.command().name(), a.before(), r.command().flags(), r.command().text())).orElse(r.command());
        expectArgs(c, 2, 3);
        ServiceConfig service = deployer.service(c.arg(0));
        Env env = c.arg(2) == null ? Env.STAGING : Env.parse(c.arg(2));
        if (at.isPresent()) {
            return scheduler.schedule(service, () -> deployer.resolve(service, env, c.arg(1)), at.get().at(), r.caller(), r.progress());
        }
        Target target = deployer.resolve(service, env, c.arg(1));
        if (env == Env.PROD) {
            return prod.request(service, target, r.caller(), r.progress());
        }
        Optional<String> signed = deployer.gates().require(ChangeRequest.by(r.caller(), ChangeRequest.Kind.DEPLOY, target)).signature();
        r.progress().update(service.name() + " " + c.arg(1) + " → " + target.digest().value() + signed.map(s -> " (" + s + ")").orElse(""));
        return outcome(deployer.deploy(target, Release.Kind.DEPLOY, r.caller(), r.progress()));
    }

    private Reply rollback(Request r) {
        Command c = r.command();
        List<String> args = new ArrayList<>(c.args());
        if (args.isEmpty()) {
            throw new UsageException(Msg.of("release.usage.rollback_service"));
        }
        ServiceConfig service = deployer.service(args.remove(0));
        Env env = Env.STAGING;
        if (!args.isEmpty() && !args.get(0).equals("to")) {
            env = Env.parse(args.remove(0));
        }
        Optional<String> named = Optional.empty();
        if (!args.isEmpty()) {
            if (!args.get(0).equals("to") || args.size() != 2) {
                throw new UsageException(Msg.of("release.usage.rollback_to"));
            }
            named = Optional.of(args.get(1));
        }
        Target target = rollbacks.choose(service, env, named);
        // break-glass: a prod rollback needs no approval; it still passes the gates that hold for rollbacks
        deployer.gates().require(ChangeRequest.of(env == Env.PROD ? ChangeRequest.Origin.BREAK_GLASS : ChangeRequest.Origin.of(r.caller()),
                r.caller(), ChangeRequest.Kind.ROLLBACK, target));
        RollbackNotes notes = new RollbackNotes(service, env, r.caller());
        Reply reply = outcome(deployer.deploy(target, Release.Kind.ROLLBACK, r.caller(), r.progress(), notes));
        if (env == Env.PROD) {
            // break-glass: no approval, so say loudly who did it (the audit log has it too)
            reply = reply.withMessage(Msg.of("release.rollback.break_glass", service.name(), com.larkops.model.Text.mention(r.caller().user()),
                    reply.message()));
        }
        if (notes.shown) {
            // on the card already, before it showed the outcome
            return reply.withMessage(Text.lines(java.util.stream.Stream.concat(java.util.stream.Stream.of(reply.message()),
                    notes.lines.stream()).toList()));
        }
        if (reply.outcome() != Reply.Outcome.OK && reply.outcome() != Reply.Outcome.ERROR) {
            return reply;
        }
        // no plan ran (it serves already): the notes go under the answer
        for (Text note : notes.lines(reply.outcome() == Reply.Outcome.OK)) {
            reply = new Reply(reply.outcome(), reply.message().thenLine(note), reply.card().map(card -> com.larkops.cards.Appended.text(card, note)));
        }
        return reply;
    }

    /**
     * What a rollback adds to its answer: that the env is outside its deploy window (rollbacks are always allowed),
     * that signatures were not re-checked, and the hold the rollback leaves on automation; on the card before it
     * shows the outcome when a plan ran ({@link Deployer.Closing}).
     */
    private final class RollbackNotes implements Deployer.Closing {
        private final ServiceConfig service;
        private final Env env;
        private final com.larkops.command.Caller caller;
        private List<Text> lines = List.of();
        private boolean shown;

        RollbackNotes(ServiceConfig service, Env env, com.larkops.command.Caller caller) {
            this.service = service;
            this.env = env;
            this.caller = caller;
        }

        @Override
        public List<Text> lines(boolean live) {
            List<Text> out = new ArrayList<>();
            deployer.gates().windowClosed(env).ifPresent(closed -> out.add(Msg.of("release.rollback.outside_window", env, closed)));
            if (service.verify().requires(env)) {
                // a rollback target served here before (RollbackTargets); it must not wait on the registry's signatures
                out.add(Msg.of("release.rollback.signature_not_rechecked"));
            }
            afterRollback.ran(service.serviceName(), env, caller).ifPresent(out::add);
            lines = List.copyOf(out);
            shown = true;
            return lines;
        }
    }

    private Reply promote(Request r) {
        List<String> args = r.command().args();
        boolean shape = args.size() == 3 && args.get(1).equals("to") && args.get(2).equals("prod")
                || args.size() == 4 && args.get(1).equals("staging") && args.get(2).equals("to") && args.get(3).equals("prod");
        if (!shape) {
            throw new UsageException(Msg.of("release.usage.promote"));
        }
        ServiceConfig service = deployer.service(args.get(0));
        Release live = history.live(service.serviceName(), Env.STAGING).orElseThrow(() -> new RefusedException(
                Msg.of("release.refused.nothing_in_staging", service.name())));
        return prod.request(service, new Target(service.name(), Env.PROD, live.digest(), live.version(), live.image()), r.caller(), r.progress());
    }

    private Reply history(Request r) {
        Command c = r.command();
        expectArgs(c, 1, 2);
        int n = 10;
        if (c.arg(1) != null) {
            try {
                n = Integer.parseInt(c.arg(1));
            } catch (NumberFormatException e) {
                throw new UsageException(Msg.of("release.usage.n_number"));
            }
            if (n < 1 || n > 100) {
                throw new UsageException(Msg.of("release.usage.n_range"));
            }
        }
        return queries.historyReply(deployer.service(c.arg(0)), n);
    }

    private Reply logs(Request r) {
        Command c = r.command();
        expectArgs(c, 1, 3);
        ServiceConfig service = deployer.service(c.arg(0));
        Env env = Env.STAGING;
        int n = 50;
        for (String arg : c.args().subList(1, c.args().size())) {
            if (arg.matches("[0-9]{1,6}")) {
                n = Integer.parseInt(arg);
            } else {
                env = Env.parse(arg);
            }
        }
        if (n < 1) {
            throw new UsageException(Msg.of("release.usage.n_positive"));
        }
        return queries.logs(service, env, Math.min(n, MAX_LOG_LINES));
    }

    private Reply images(Request r) {
        expectArgs(r.command(), 1, 1);
        return Reply.ok(queries.images(deployer.service(r.command().arg(0))));
    }

    private static Reply outcome(Deployer.Outcome o) {
        return new Reply(o.live() ? Reply.Outcome.OK : Reply.Outcome.ERROR, o.message(), o.card());
    }

    private static void expectArgs(Command c, int min, int max) {
        if (c.args().size() < min || c.args().size() > max) {
            throw new UsageException(Msg.of(c.args().size() < min ? "release.usage.missing_args" : "release.usage.too_many_args"));
        }
    }
}
