package com.larkops.command;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The routing table and the one pipeline every command and card click takes, after the Lark edge verified and
 * de-duplicated the event: look up, chat allow-list, who may (the role; a click's own rule and its binding to
 * the card), rate limit, handler, audit, metrics. Transport-free: Lark, the shell and the try-it terminal all
 * call {@link #route} (typed) or {@link #act} (clicked).
 */
public final class CommandRouter {
    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private final Map<String, CommandSpec> table = new LinkedHashMap<>();
    private final Map<String, ActionSpec> actions = new LinkedHashMap<>();
    private final Policy policy;
    private final AuditSink audit;
    private final CommandObserver observer;
    private final Clock clock;
    private volatile Function<Command, Optional<CommandSpec>> fallback = c -> Optional.empty();
    private volatile PostedButtons posted = PostedButtons.NONE;
    private final RateLimit rate;
    private final Language language;

    public CommandRouter(Policy policy, AuditSink audit, CommandObserver observer, Clock clock) {
        this(policy, audit, observer, clock, RateLimit.standard(System::nanoTime));
    }

    public CommandRouter(Policy policy, AuditSink audit, CommandObserver observer, Clock clock, RateLimit rate) {
        this(policy, audit, observer, clock, rate, Language.DEFAULT);
    }

    /** {@code language} (the config's {@code language:}) is what the edges render text replies and click toasts in. */
    public CommandRouter(Policy policy, AuditSink audit, CommandObserver observer, Clock clock, RateLimit rate, Language language) {
        this.language = language;
        this.rate = rate;
        this.policy = policy;
        this.audit = audit;
        this.observer = observer;
        this.clock = clock;
    }

    public CommandRouter register(CommandSpec spec) {
        if (table.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("command /" + spec.name() + " registered twice");
        }
        return this;
    }

    /** Registers a card action (a button's {@code action} value), routed by {@link #act}. */
    public CommandRouter registerAction(ActionSpec spec) {
        if (actions.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("card action " + spec.name() + " registered twice");
        }
        return this;
    }

    /**
     * Where a {@code /word} that is no registered command goes before "unknown command" (skills register
     * here). The spec it returns is authorised and audited like any other.
     */
    public CommandRouter fallback(Function<Command, Optional<CommandSpec>> fallback) {
        this.fallback = fallback;
        return this;
    }

    /** Where the buttons larkops posted are recorded: a click counts only for one of them (none until set: fail closed). */
    public CommandRouter bindClicks(PostedButtons posted) {
        this.posted = posted;
        return this;
    }

    public Collection<CommandSpec> commands() {
        return table.values();
    }

    public Optional<CommandSpec> spec(String name) {
        return Optional.ofNullable(table.get(name));
    }

    /** The language of text replies (cards carry all three). */
    public Language language() {
        return language;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Whether {@code text} is a built-in command that needs more than the reader role (a change, or an
     * approver's action): those run in their own lane, never behind read-only traffic or skill calls.
     */
    public boolean isChange(String text) {
        try {
            Command command = CommandLine.parse(text);
            CommandSpec spec = table.get(command.name());
            return spec != null && spec.role().apply(command) != Role.READER;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    public Reply route(Caller caller, String text, Progress progress) {
        long start = System.nanoTime();
        Command command;
        try {
            command = CommandLine.parse(text);
        } catch (InvalidInputException e) {
            return finish(caller, text, "parse", Reply.usage(e.text()), start, false);
        }
        CommandSpec spec = table.get(command.name());
        if (spec == null) {
            spec = fallback.apply(command).orElse(null);
        }
        if (spec == null) {
            return finish(caller, text, "unknown", Reply.usage(Msg.of("router.unknown", Text.clip(command.name()))),
                    start, false);
        }
        if (!policy.chatAllowed(caller)) {
            // not audited as accepted: larkops does not act in chats it does not obey
            Reply refused = Reply.refused(policy.refusal(caller, Role.READER, spec.name()).orElseThrow());
            return finish(caller, text, spec.name(), refused, start, false);
        }
        Optional<Msg> refusal = policy.refusal(caller, spec.role().apply(command), spec.name());
        if (refusal.isPresent()) {
            return finish(caller, text, spec.name(), Reply.refused(refusal.get()), start, true);
        }
        Optional<Msg> limited = rate.take(caller);
        if (limited.isPresent()) {
            return finish(caller, text, spec.name(), Reply.refused(limited.get()), start, true);
        }
        Trace.mark(Trace.Stage.ALLOWED);
        Reply reply;
        try {
            reply = spec.handler().handle(new Request(command, caller, progress));
        } catch (UsageException | InvalidInputException e) {
            reply = Reply.usage(Msg.of("command.router.usage", e.text(), spec.usage()));
        } catch (RefusedException e) {
            reply = Reply.refused(e.text());
        } catch (RuntimeException e) {
            log.error("command /{} by {} failed", spec.name(), caller.user(), e);
            reply = Reply.error(Msg.of("command.router.failed", spec.name(), failure(e)));
        }
        return finish(caller, text, spec.name(), reply, start, true);
    }

    /**
     * A card click, the same path as a command: look up, chat allow-list and role, run, audit, metrics.
     * Clicks in a chat larkops does not obey are not audited (as commands there are not).
     */
    public ActionSpec.Answer act(CardAction action) {
        long start = System.nanoTime();
        Caller caller = action.caller();
        String text = Text.clip("card " + action.name() + " " + action.get("request_id")).strip();
        ActionSpec spec = actions.get(action.name());
        if (spec == null) {
            ActionSpec.Answer unknown = ActionSpec.Answer.refused(Msg.of("command.router.unknown_action"));
            finish(caller, text, "card:unknown", new Reply(unknown.outcome(), unknown.message(), Optional.empty()), start, false);
            return unknown;
        }
        String name = "card:" + spec.name();
        if (!policy.chatAllowed(caller)) {
            ActionSpec.Answer refused = ActionSpec.Answer.refused(Msg.of("router.chat_not_obeyed.click"));
            finish(caller, text, name, new Reply(refused.outcome(), refused.message(), Optional.empty()), start, false);
            return refused;
        }
        ActionSpec.Answer answer;
        Optional<com.larkops.i18n.Text> refusal = clickRefusal(action, spec).or(() -> rate.take(caller));
        if (refusal.isPresent()) {
            answer = ActionSpec.Answer.refused(refusal.get());
        } else {
            try {
                answer = spec.handler().handle(action);
            } catch (RefusedException | InvalidInputException e) {
                answer = ActionSpec.Answer.refused(e.text());
            } catch (RuntimeException e) {
                log.error("card action {} by {} failed", spec.name(), caller.user(), e);
                answer = new ActionSpec.Answer(Reply.Outcome.ERROR, ActionSpec.Tone.ERROR,
                        Msg.of("command.router.action_failed", spec.name(), failure(e)), Optional.empty());
            }
        }
        finish(caller, text, name, new Reply(answer.outcome(), answer.message(), Optional.empty()), start, true);
        return answer;
    }

    /**
     * Every check a click passes at click time, in one place (before its handler, which changes nothing when
     * refused): the button is one larkops posted on this very message and the card still shows it; the
     * clicker passes the action's rule (its role, or its own rule); and, when the button stands for a typed command, the clicker may run
     * that command now, as if typing it (chat, role). Empty when the click may go on.
     */
    private Optional<com.larkops.i18n.Text> clickRefusal(CardAction action, ActionSpec spec) {
        if (spec.binding() == ActionSpec.Binding.POSTED) {
            PostedButtons.Status status;
            try {
                status = posted.statusOf(action.messageId(), action.name(), action.value());
            } catch (RuntimeException e) {
                log.warn("cannot read the posted buttons of {}: {}", action.messageId(), e.getMessage());
                return Optional.of(Msg.of("command.click.unchecked"));
            }
            switch (status) {
                case NOT_POSTED -> {
                    return Optional.of(Msg.of("command.click.not_posted"));
                }
                case SUPERSEDED -> {
                    return Optional.of(Msg.of("command.click.superseded"));
                }
                case CURRENT -> { }
            }
        }
        Caller caller = action.caller();
        Optional<com.larkops.i18n.Text> who = spec.rule().refusal(action, policy.roleOf(caller));
        if (who.isPresent()) {
            return who;
        }
        return spec.command().of(action).flatMap(typed -> authorise(caller, typed));
    }

    /**
     * Whether {@code caller} may run {@code text} now — what {@link #route} checks before the handler (parse,
     * look up, chat allow-list, the command's role), without running it. Empty when allowed.
     */
    private Optional<com.larkops.i18n.Text> authorise(Caller caller, String text) {
        Command command;
        try {
            command = CommandLine.parse(text);
        } catch (InvalidInputException e) {
            return Optional.of(e.text());
        }
        CommandSpec spec = table.get(command.name());
        if (spec == null) {
            spec = fallback.apply(command).orElse(null);
        }
        if (spec == null) {
            return Optional.of(Msg.of("command.router.unknown_command", Text.clip(command.name())));
        }
        return policy.refusal(caller, spec.role().apply(command), spec.name()).map(m -> m);
    }

    private Reply finish(Caller caller, String text, String name, Reply reply, long startNanos, boolean audited) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (audited) {
            audit.record(new AuditEntry(clock.instant(), caller.user(), caller.chat(), Text.clip(text),
                    reply.outcome().label(), firstLine(com.larkops.model.Text.plain(reply.text()))));
        }
        observer.observed(name, reply.outcome(), took);
        log.info("command={} user={} chat={} outcome={} ms={}", name, caller.user(), caller.chat(),
                reply.outcome().label(), took.toMillis());
        return reply;
    }

    /**
     * What a user reads about an unexpected failure: the exception's own message, a value never translated (an
     * engine's or a registry's error text); a failure that explains itself in every language brings its own text.
     */
    private static com.larkops.i18n.Text failure(RuntimeException e) {
        return com.larkops.i18n.Explained.of(e); // a registry, engine or store failure in the user's language
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return Text.clip(nl < 0 ? s : s.substring(0, nl));
    }
}
