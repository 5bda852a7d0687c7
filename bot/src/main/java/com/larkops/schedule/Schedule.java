package com.larkops.schedule;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.release.Target;

import java.time.Instant;
import java.util.Optional;

/**
 * A change asked for now and run at {@code dueAt}: the target resolved at request time (the digest never moves), who
 * asked in which chat, the card that counts down, and for prod the approval request decided now. PENDING →
 * RUNNING → DONE | FAILED, or PENDING → CANCELLED; every move is compare-and-set.
 */
public record Schedule(String id, Target target, Instant dueAt, String requester, String chat, Optional<String> cardMessageId,
                       Optional<String> approvalId, Status status, String result, Instant createdAt) {

    public enum Status { PENDING, RUNNING, DONE, FAILED, CANCELLED;
        public String label() {
            return name().toLowerCase();
        }
    }

    public String service() {
        return target.service();
    }

    public Env env() {
        return target.env();
    }

    public Digest digest() {
        return target.digest();
    }
}
