package com.larkops.lark;

import com.larkops.cards.DriftCard;
import com.larkops.cards.IncidentCard;
import com.larkops.command.ActionSpec;
import com.larkops.command.CommandLanes;
import com.larkops.command.CommandRouter;
import com.larkops.command.Messenger;
import com.larkops.command.Role;
import com.larkops.incident.IncidentButtons;
import com.larkops.release.NextActions;

import java.util.List;
import java.util.Map;
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
        return NextActionSpecs.row(name, role, read, router, workers, messenger, LiveReply::inThread);
    }
}
