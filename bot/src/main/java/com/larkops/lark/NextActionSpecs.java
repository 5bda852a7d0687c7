package com.larkops.lark;

import com.larkops.command.ActionSpec;
import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandLanes;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.command.Role;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.release.NextActions;

import java.util.List;
import java.util.Optional;

/**
 * The next-action buttons of a finished change card (Promote to prod, Roll back, History) as rows of the
 * router's action table. The router honours a click only for a button larkops posted on that card and still
 * shows there, and authorises the typed command it stands for at click time. A click that is stale is
 * refused at once with why; otherwise the typed command is routed on a worker — the same authorisation,
 * audit and metrics as typing it — and its live card is a reply in the clicked card's thread.
 */
public final class NextActionSpecs {
    private NextActionSpecs() {
    }

    public static List<ActionSpec> specs(CommandRouter router, CommandLanes workers, Messenger messenger, NextActions next) {
        return List.of(
                row("promote", Role.DEPLOYER, next::promote, router, workers, messenger),
                row("rollback", Role.DEPLOYER, next::rollback, router, workers, messenger),
                row("history", Role.READER, next::history, router, workers, messenger));
    }

    /** Where a clicked command's live card goes, given the chat, the clicked card's message and the command. */
    interface Answering {
        LiveReply live(Messenger messenger, String chat, String cardMessageId, String command);
    }

    /** One button's row: the typed command its value stands for is what the router authorises and what runs. */
    private static ActionSpec row(String name, Role role, java.util.function.Function<java.util.Map<String, ?>, NextActions.Click> read,
                                  CommandRouter router, CommandLanes workers, Messenger messenger) {
        return row(name, role, read, router, workers, messenger, LiveReply::replying);
    }

    /** The same for any card's buttons (the incident and drift cards'), their answers shown as {@code answering} says. */
    static ActionSpec row(String name, Role role, java.util.function.Function<java.util.Map<String, ?>, NextActions.Click> read,
                          CommandRouter router, CommandLanes workers, Messenger messenger, Answering answering) {
        return new ActionSpec(name, role, a -> run(a, read.apply(a.value()), router, workers, messenger, answering),
                ActionSpec.Binding.POSTED, a -> read.apply(a.value()).command());
    }

    private static ActionSpec.Answer run(com.larkops.command.CardAction a, NextActions.Click click, CommandRouter router,
                                         CommandLanes workers, Messenger messenger, Answering answering) {
        if (click.refusal().isPresent()) {
            return new ActionSpec.Answer(Reply.Outcome.REFUSED, ActionSpec.Tone.WARNING, Text.verbatim(click.refusal().get()), Optional.empty());
        }
        String text = click.command().orElseThrow();
        Caller caller = new Caller(a.caller().user(), a.caller().chat(), false, a.messageId());
        boolean queued = workers.submit(caller.user(), router.isChange(text), () -> {
            LiveReply live = answering.live(messenger, caller.chat(), a.messageId(), text);
            live.finish(router.route(caller, text, live));
        });
        return queued
                ? new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.INFO, Msg.of("command.click.running_in_thread", text), Optional.empty())
                : new ActionSpec.Answer(Reply.Outcome.BUSY, ActionSpec.Tone.WARNING, Msg.of("command.busy.click"), Optional.empty());
    }
}
