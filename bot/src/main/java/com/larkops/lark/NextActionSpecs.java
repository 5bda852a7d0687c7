package com.larkops.lark;

import com.larkops.command.ActionSpec;
import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandLanes;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.command.Role;
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
        ActionSpec.CommandOf typed = a -> next.read(a.value()).command();
        return List.of(
                new ActionSpec("promote", Role.DEPLOYER, a -> run(a, router, workers, messenger, next), ActionSpec.Binding.POSTED, typed),
                new ActionSpec("rollback", Role.DEPLOYER, a -> run(a, router, workers, messenger, next), ActionSpec.Binding.POSTED, typed),
                new ActionSpec("history", Role.READER, a -> run(a, router, workers, messenger, next), ActionSpec.Binding.POSTED, typed));
    }

    private static ActionSpec.Answer run(com.larkops.command.CardAction a, CommandRouter router, CommandLanes workers,
                                         Messenger messenger, NextActions next) {
        NextActions.Click click = next.read(a.value());
        if (click.refusal().isPresent()) {
            return new ActionSpec.Answer(Reply.Outcome.REFUSED, ActionSpec.Tone.WARNING, click.refusal().get(), Optional.empty());
        }
        String text = click.command().orElseThrow();
        Caller caller = new Caller(a.caller().user(), a.caller().chat(), false, a.messageId());
        boolean queued = workers.submit(caller.user(), router.isChange(text), () -> {
            LiveReply live = LiveReply.replying(messenger, caller.chat(), a.messageId(), text);
            live.finish(router.route(caller, text, live));
        });
        return queued
                ? new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.INFO, text + " — running; the answer follows in this card's thread",
                Optional.empty())
                : new ActionSpec.Answer(Reply.Outcome.BUSY, ActionSpec.Tone.WARNING, "larkops is busy with other commands; try again in a minute",
                Optional.empty());
    }
}
