package com.larkops.approval;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Durable approval requests (the SQLite store implements it). Transitions are compare-and-set. */
public interface ApprovalStore {
    void create(ApprovalRequest request);

    Optional<ApprovalRequest> byId(String id);

    /** The request decided in Lark's Approval app instance {@code instanceCode}. */
    Optional<ApprovalRequest> byLarkInstance(String instanceCode);

    Optional<ApprovalRequest> pendingFor(ServiceName service, Env env);

    /** Moves {@code id} from {@code from} to {@code to}; false when it was not in {@code from} (decided already). */
    boolean transition(String id, ApprovalRequest.Status from, ApprovalRequest.Status to, String by, Instant at);

    /**
     * Counts {@code user}'s approval of pending request {@code id}, once per user, and moves it to APPROVED (decided by
     * {@code user}) when that makes {@code required} distinct approvers; atomic, so replicas and double clicks neither
     * count a user twice nor approve twice. The requester's own approval never counts.
     */
    Vote approve(String id, String user, Instant at);

    /** What one approval did: counted (with the count so far), already counted, completed the quorum, came too late, or was the requester's. */
    enum VoteOutcome { COUNTED, ALREADY_COUNTED, QUORUM, NOT_PENDING, REQUESTER }

    record Vote(VoteOutcome outcome, int approvals, int required) {
    }

    void cardMessage(String id, String messageId);

    /** Replaces the facts of request {@code id} while it is pending (it became a scheduled one); false when it was not pending. */
    boolean resummarise(String id, String summary);

    void finish(String id, ApprovalRequest.Status status, String result);

    List<ApprovalRequest> pendingExpiredAt(Instant now);

    /** Requests in {@code status}, oldest first. */
    List<ApprovalRequest> withStatus(ApprovalRequest.Status status);

    /** Digests referenced by undecided requests: retention must never delete them. */
    Set<Digest> pendingDigests();
}
