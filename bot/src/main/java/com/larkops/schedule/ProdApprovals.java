package com.larkops.schedule;

import com.larkops.command.Caller;
import com.larkops.config.ServiceConfig;
import com.larkops.release.Deployer;
import com.larkops.release.Target;

import java.time.Instant;
import java.util.Optional;

/** What a scheduled prod change needs of the approval flow (the wiring hands it the approvals). */
public interface ProdApprovals {
    /** Checks the gates for {@code at}, stores the plan, posts the approval card to the caller's chat; returns the request id. */
    String request(ServiceConfig service, Target target, Caller caller, Instant at);

    /** The request's state: pending, approved, rejected, expired, done or failed (empty: no such request). */
    Optional<String> status(String requestId);

    /** Runs an approved request now, every gate checked again; returns how it ended. */
    Deployer.Outcome runApproved(String requestId);

    /** Request {@code requestId} as a schedule needs it (empty: no such request). */
    Optional<Request> find(String requestId);

    /** The pending request becomes one for {@code at}; returns its card as it looks now (empty: no longer pending). */
    Optional<java.util.Map<String, Object>> scheduledFor(String requestId, Instant at);

    /** What a request is: its stored target, who asked where, its state, whether it is a canary or has a time already. */
    record Request(String id, Target target, String requester, String chat, String status, boolean canary, boolean scheduled) {
    }

    /** Closes a request that will not run (its schedule was cancelled or missed), leaving no release waiting. */
    void withdraw(String requestId, com.larkops.i18n.Text why);
}
