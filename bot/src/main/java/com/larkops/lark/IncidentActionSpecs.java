package com.larkops.lark;

import com.larkops.cards.DriftCard;
import com.larkops.cards.IncidentCard;
import com.larkops.command.ActionSpec;
import com.larkops.command.Caller;
import com.larkops.command.RefusedException;
import com.larkops.command.Reply;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.UserError;
import com.larkops.release.Adoptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.larkops.command.CommandLanes;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
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
    private static final Logger log = LoggerFactory.getLogger(IncidentActionSpecs.class);

    private IncidentActionSpecs() {
    }

    public static List<ActionSpec> specs(CommandRouter router, CommandLanes workers, Messenger messenger, IncidentButtons buttons,
                                         Adoptions adoptions) {
        return List.of(
                row(IncidentCard.ROLLBACK, Role.DEPLOYER, buttons::rollback, router, workers, messenger),
                row(IncidentCard.LOGS, Role.DEPLOYER, buttons::logs, router, workers, messenger),
                row(IncidentCard.HOLD, Role.DEPLOYER, buttons::hold, router, workers, messenger),
                adopt(buttons, adoptions, workers, messenger),
                row(DriftCard.REVERT, Role.DEPLOYER, buttons::revert, router, workers, messenger));
    }

    /**
     * Drift's Adopt: a deployer asks (as for {@code /deploy}); the adopt is a change request of its own kind, run on a
     * worker like a change, its answer (prod: the approval card) a reply in the drift card's thread.
     */
    private static ActionSpec adopt(IncidentButtons buttons, Adoptions adoptions, CommandLanes workers, Messenger messenger) {
        return new ActionSpec(DriftCard.ADOPT, Role.DEPLOYER, a -> {
            IncidentButtons.AdoptClick click;
            try {
                click = buttons.adopt(a.value());
            } catch (RefusedException e) {
                return new ActionSpec.Answer(Reply.Outcome.REFUSED, ActionSpec.Tone.WARNING, e.text(), Optional.empty());
            }
            Caller caller = new Caller(a.caller().user(), a.caller().chat(), false, a.messageId());
            boolean queued = workers.submit(caller.user(), true, () -> {
                LiveReply live = LiveReply.inThread(messenger, caller.chat(), a.messageId(),
                        Msg.of("approval.adopt.title", click.service(), click.env()));
                live.finish(answer(() -> adoptions.adopt(caller, click.service(), click.env(), click.digest(), click.seen(), live)));
            });
            return queued
                    ? new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.INFO, Msg.of("approval.adopt.asking", click.service(),
                    click.digest().shortForm(), click.env()), Optional.empty())
                    : new ActionSpec.Answer(Reply.Outcome.BUSY, ActionSpec.Tone.WARNING, Msg.of("command.busy.click"), Optional.empty());
        });
    }

    /** A user's error in one line, as the router answers a command's; anything else logged and said briefly. */
    private static Reply answer(java.util.function.Supplier<Reply> run) {
        try {
            return run.get();
        } catch (UserError e) {
            return Reply.refused(e.text());
        } catch (RuntimeException e) {
            log.error("drift adopt failed", e);
            return Reply.error(Msg.of("approval.adopt.failed", Text.verbatim(com.larkops.model.Text.escape(String.valueOf(e.getMessage())))));
        }
    }

    private static ActionSpec row(String name, Role role, Function<Map<String, ?>, NextActions.Click> read, CommandRouter router,
                                  CommandLanes workers, Messenger messenger) {
        return NextActionSpecs.row(name, role, read, router, workers, messenger, LiveReply::inThread);
    }
}
