package com.larkops.approval;

import com.larkops.model.Digest;
import com.larkops.model.Env;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A request to change prod, with the exact plan (as JSON) that Approve will run and the containers that
 * ran when it was made. Decided once: PENDING → APPROVED → DONE | FAILED, or → REJECTED | EXPIRED.
 */
public record ApprovalRequest(String id, String service, Env env, long releaseId, Digest digest, String version,
                              String planJson, List<String> runningBefore, String summary, String requester, String chat,
                              Instant createdAt, Instant expiresAt, Status status, Optional<String> decidedBy,
                              Optional<Instant> decidedAt, Optional<String> cardMessageId, String result) {

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED, DONE, FAILED;
        public String label() {
            return name().toLowerCase();
        }
    }

    public boolean isExpiredAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt);
    }
}
