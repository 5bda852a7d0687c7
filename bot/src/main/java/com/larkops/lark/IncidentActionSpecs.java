package com.larkops.lark;

import com.larkops.cards.DriftCard;
import com.larkops.cards.IncidentCard;
import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Caller;
import com.larkops.command.CommandLanes;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.command.Role;
import com.larkops.incident.IncidentButtons;
import com.larkops.release.NextActions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The incident and drift cards' buttons as rows of the router's action table, like the change card's next actions:
 * a click counts only for a button larkops posted on that card and still shows there, is authorised as the typed
 * command it stands for, runs on a worker like that command, and answers in the card's thread.
 */
public final class IncidentActionSpecs {
    private IncidentActionSpecs() {
    }

    public static List<ActionSpec> specs(CommandRouter router, CommandLanes workers, Messenger messenger, IncidentButtons buttons) {
        return List.of(
                row(IncidentCard.ROLLBACK, Role.DEPLOYER, buttons::rollback, router, workers, messenger),
                row(IncidentCard.LOGS, Role.DEPLOYER, buttons::logs, router, workers, messenger),
                row(IncidentCard.HOLD, Role.DEPLOYER, buttons::hold, router, workers, messenger),
                row(DriftCard.ADOPT, Role.DEPLOYER, buttons::adopt, router, workers, messenger),
                row(DriftCard.REVERT, Role.DEPLOYER, buttons::revert, router, workers, messenger));
    }

    private static ActionSpec row(String name, Role role, Function<Map<String, ?>, NextActions.Click> read, CommandRouter router,
                                  CommandLanes workers, Messenger messenger) {
        return new ActionSpec(name, role, a -> run(a, read.apply(a.value()), router, workers, messenger), ActionSpec.Binding.POSTED,
                a -> read.apply(a.value()).command());
    }

    private static ActionSpec.Answer run(CardAction a, NextActions.Click click, CommandRouter router, CommandLanes workers,
                                         Messenger messenger) {
        if (click.refusal().isPresent()) {
            return new ActionSpec.Answer(Reply.Outcome.REFUSED, ActionSpec.Tone.WARNING, click.refusal().get(), Optional.empty());
        }
        String text = click.command().orElseThrow();
        Caller caller = new Caller(a.caller().user(), a.caller().chat(), false, a.messageId());
        boolean queued = workers.submit(caller.user(), router.isChange(text), () -> {
            LiveReply live = LiveReply.inThread(messenger, caller.chat(), a.messageId(), text);
            live.finish(router.route(caller, text, live));
        });
        return queued
                ? new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.INFO, text + " — running; the answer follows in this card's thread",
                Optional.empty())
                : new ActionSpec.Answer(Reply.Outcome.BUSY, ActionSpec.Tone.WARNING, "larkops is busy with other commands; try again in a minute",
                Optional.empty());
    }
}
