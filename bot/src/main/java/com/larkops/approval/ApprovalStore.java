package com.larkops.approval;

import com.larkops.model.Digest;
import com.larkops.model.Env;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Durable approval requests (the SQLite store implements it). Transitions are compare-and-set. */
public interface ApprovalStore {
    void create(ApprovalRequest request);

    Optional<ApprovalRequest> byId(String id);

    Optional<ApprovalRequest> pendingFor(String service, Env env);

    /** Moves {@code id} from {@code from} to {@code to}; false when it was not in {@code from} (decided already). */
    boolean transition(String id, ApprovalRequest.Status from, ApprovalRequest.Status to, String by, Instant at);

    void cardMessage(String id, String messageId);

    void finish(String id, ApprovalRequest.Status status, String result);

    List<ApprovalRequest> pendingExpiredAt(Instant now);

    /** Requests in {@code status}, oldest first. */
    List<ApprovalRequest> withStatus(ApprovalRequest.Status status);

    /** Digests referenced by undecided requests: retention must never delete them. */
    Set<Digest> pendingDigests();
}
