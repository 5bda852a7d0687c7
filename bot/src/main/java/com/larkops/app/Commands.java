package com.larkops.app;

import com.larkops.approval.ApprovalActions;
import com.larkops.command.CommandLanes;
import com.larkops.command.CommandRouter;
import com.larkops.command.HelpCommand;
import com.larkops.command.Messenger;
import com.larkops.lark.NextActionSpecs;
import com.larkops.release.NextActions;
import com.larkops.release.ReleaseCommands;

import java.util.Optional;

/**
 * THE routing table: every chat and shell command in the order /help lists them, each row with the role it
 * needs and its declared post-step, and the card actions next to them, each with who may click. The bot, the
 * shell, try-it and the router's tests all build it here.
 */
public final class Commands {
    private Commands() {
    }

    /** Where the next-action buttons of change cards run the typed command they stand for (the bot's lanes, its replies). */
    public record Clicks(CommandLanes workers, Messenger messenger) {
    }

    public static void registerAll(CommandRouter router, Services services, Optional<Clicks> clicks) {
        ReleaseCommands release = services.releaseCommands;
        var guards = services.guardCommands;
        router.register(HelpCommand.spec(router))
                .register(release.digestSpec().then(guards::holdLines))
                .register(release.deploySpec())
                .register(release.promoteSpec())
                .register(release.rollbackSpec()) // holds its env after it ran (ReleaseCommands.AfterRollback)
                .register(release.historySpec().then(guards::timeline))
                .register(release.statusSpec().then(services.skills.status::appended))
                .register(release.logsSpec())
                .register(release.imagesSpec());
        services.skills.register(router);
        router.register(services.pruneCommands.spec());
        guards.specs().forEach(router::register);
        router.register(services.incidentButtons.spec());
        router.register(services.schedules.spec());
        // a schedule's Cancel (its card and /schedules): the requester or an approver
        router.registerAction(services.schedules.cancelSpec());
        // the approval card's buttons: approve needs an approver who is not the requester, reject an approver or the requester
        ApprovalActions.specs(services.approvals).forEach(router::registerAction);
        // the approval card's Schedule choice: the requester or an approver (as for reject), on the card it was posted on
        router.registerAction(services.schedules.approvalScheduleSpec());
        // the next-action buttons of finished change cards, authorised as the typed command they stand for
        clicks.ifPresent(c -> NextActionSpecs.specs(router, c.workers(), c.messenger(), new NextActions(services.store.releases))
                .forEach(router::registerAction));
        // the incident and drift cards' buttons, authorised as the typed command each stands for, answered in the card's thread
        clicks.ifPresent(c -> com.larkops.lark.IncidentActionSpecs.specs(router, c.workers(), c.messenger(), services.incidentButtons,
                        services.adoptions)
                .forEach(router::registerAction));
        // the menu's form cards: their submission is authorised and routed as the typed command it stands for
        clicks.ifPresent(c -> router.registerAction(com.larkops.lark.FormSpecs.spec(router, c.workers(), c.messenger())));
    }
}
