package com.larkops.command;

import java.util.Map;
import java.util.Optional;

/**
 * One row of the routing table for card actions, next to the commands: the action's name, the role a
 * click needs, the handler, and — for a button that stands for a typed command — that command, so a click
 * is authorised at click time exactly as typing it would be. Clicks go through the same pipeline as
 * commands (chat allow-list, who may, rate limit, handler, audit, metrics).
 *
 * @param binding how a click is tied to the card it came from (see {@link Binding})
 * @param command the typed command a click stands for, when it stands for one (empty: none, or the click is malformed)
 * @param rule    who may click: by default the role; an action whose rule depends on the click (the requester
 *                of an approval may reject it, never approve it) declares its own
 */
public record ActionSpec(String name, Role role, Handler handler, Binding binding, CommandOf command, Rule rule) {
    public ActionSpec(String name, Role role, Handler handler) {
        this(name, role, handler, Binding.POSTED, a -> Optional.empty());
    }

    public ActionSpec(String name, Role role, Handler handler, Binding binding, CommandOf command) {
        this(name, role, handler, binding, command, Rule.role(name, role));
    }

    @FunctionalInterface
    public interface Handler {
        Answer handle(CardAction action);
    }

    @FunctionalInterface
    public interface CommandOf {
        Optional<String> of(CardAction action);
    }

    /** Whether the clicker, who has role {@code has}, may click; empty when allowed, else why not. */
    @FunctionalInterface
    public interface Rule {
        Optional<com.larkops.i18n.Text> refusal(CardAction action, Role has);

        /** The plain rule: the clicker has at least {@code needed}. */
        static Rule role(String action, Role needed) {
            return (a, has) -> {
                if (has.compareTo(needed) >= 0) {
                    return Optional.empty();
                }
                String list = needed == Role.APPROVER ? "approvers" : "deployers";
                return Optional.of(com.larkops.i18n.Msg.of("command.click.needs_role", list, action));
            };
        }
    }

    /**
     * {@code POSTED}: the click counts only for a button larkops posted on that very message and still shows
     * there ({@link PostedButtons}). {@code OWN_CARD}: the handler ties the click to its card itself and
     * answers re-clicks on a decided card (an approval request names its card's message and is decided once).
     */
    public enum Binding { POSTED, OWN_CARD }

    /**
     * What a click answers right away: the outcome (for the audit log and metrics), a tone for the short
     * notice, its text, and the card as it should now look when it changed.
     */
    public record Answer(Reply.Outcome outcome, Tone tone, com.larkops.i18n.Text message, Optional<Map<String, Object>> card) {

        /** English: the audit log, the logs and the tests read this. */
        public String text() {
            return message.in(com.larkops.i18n.Language.DEFAULT);
        }

        public String text(com.larkops.i18n.Language language) {
            return message.in(language);
        }

        public static Answer refused(com.larkops.i18n.Text text) {
            return new Answer(Reply.Outcome.REFUSED, Tone.ERROR, text, Optional.empty());
        }

    }

    /** How the notice of an answer reads: it worked, nothing changed, look again, or no. */
    public enum Tone { SUCCESS, INFO, WARNING, ERROR }
}
