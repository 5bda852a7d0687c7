package com.larkops.approval;

import com.larkops.cards.ApprovalCard;
import com.larkops.i18n.StoredText;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;
import com.larkops.release.PlanCodec;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A request to change prod, with the exact plan (as JSON) that Approve will run and the containers that
 * ran when it was made (or a prod canary to start). Decided once: PENDING → APPROVED → DONE | FAILED, or → REJECTED | EXPIRED.
 * It becomes APPROVED when {@code required} distinct approvers (never the requester) approved it; {@code approvedBy}
 * are those so far, in order ({@code decidedBy} is the one whose approval completed it). {@code larkInstance}: the
 * instance in Lark's Approval app its approvers decide in ({@code approvals.prod.mode: lark-approval}); empty: the card.
 */
public record ApprovalRequest(String id, ServiceName service, Env env, long releaseId, Digest digest, String version,
                              String planJson, List<String> runningBefore, String summary, String requester, String chat,
                              Instant createdAt, Instant expiresAt, Status status, Optional<String> decidedBy,
                              Optional<Instant> decidedAt, Optional<String> cardMessageId, String result, int canaryPercent,
                              int required, List<String> approvedBy, Optional<String> larkInstance) {

    public ApprovalRequest {
        required = Math.max(1, required);
        approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
        larkInstance = larkInstance == null ? Optional.empty() : larkInstance;
    }

    /** A request decided on its card. */
    public ApprovalRequest(String id, ServiceName service, Env env, long releaseId, Digest digest, String version,
                           String planJson, List<String> runningBefore, String summary, String requester, String chat,
                           Instant createdAt, Instant expiresAt, Status status, Optional<String> decidedBy,
                           Optional<Instant> decidedAt, Optional<String> cardMessageId, String result, int canaryPercent,
                           int required, List<String> approvedBy) {
        this(id, service, env, releaseId, digest, version, planJson, runningBefore, summary, requester, chat, createdAt, expiresAt,
                status, decidedBy, decidedAt, cardMessageId, result, canaryPercent, required, approvedBy, Optional.empty());
    }

    /** A request one approver decides (as before quorums). */
    public ApprovalRequest(String id, ServiceName service, Env env, long releaseId, Digest digest, String version,
                           String planJson, List<String> runningBefore, String summary, String requester, String chat,
                           Instant createdAt, Instant expiresAt, Status status, Optional<String> decidedBy,
                           Optional<Instant> decidedAt, Optional<String> cardMessageId, String result, int canaryPercent) {
        this(id, service, env, releaseId, digest, version, planJson, runningBefore, summary, requester, chat, createdAt, expiresAt,
                status, decidedBy, decidedAt, cardMessageId, result, canaryPercent, 1, List.of(), Optional.empty());
    }

    /** The same request with the approvals gathered so far. */
    public ApprovalRequest withApprovals(List<String> approvers) {
        return new ApprovalRequest(id, service, env, releaseId, digest, version, planJson, runningBefore, summary, requester, chat,
                createdAt, expiresAt, status, decidedBy, decidedAt, cardMessageId, result, canaryPercent, required, approvers, larkInstance);
    }

    /** The same request, decided in Lark's Approval app instance {@code instanceCode}. */
    public ApprovalRequest inLarkApproval(String instanceCode) {
        return new ApprovalRequest(id, service, env, releaseId, digest, version, planJson, runningBefore, summary, requester, chat,
                createdAt, expiresAt, status, decidedBy, decidedAt, cardMessageId, result, canaryPercent, required, approvedBy,
                Optional.of(instanceCode));
    }

    /** How many more approvals it needs (0 once it has them). */
    public int stillNeeded() {
        return Math.max(0, required - approvedBy.size());
    }

    /** A request to deploy: the stored plan is what Approve runs. */
    public ApprovalRequest(String id, ServiceName service, Env env, long releaseId, Digest digest, String version,
                           String planJson, List<String> runningBefore, String summary, String requester, String chat,
                           Instant createdAt, Instant expiresAt, Status status, Optional<String> decidedBy,
                           Optional<Instant> decidedAt, Optional<String> cardMessageId, String result) {
        this(id, service, env, releaseId, digest, version, planJson, runningBefore, summary, requester, chat, createdAt, expiresAt,
                status, decidedBy, decidedAt, cardMessageId, result, 0);
    }

    /** A request to start a canary of {@code digest} for {@code canaryPercent} % of prod users (no release, no plan). */
    public boolean isCanary() {
        return canaryPercent > 0;
    }

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED, DONE, FAILED;
        public String label() {
            return name().toLowerCase();
        }
    }

    /** The facts stored at request time, in every language (a request stored by an older larkops: its English). */
    public Text summaryText() {
        return StoredText.decode(summary);
    }

    /** How it ended, in every language (empty while it runs). */
    public Text resultText() {
        return StoredText.decode(result);
    }

    /** A request for a scheduled time (its summary says when): Approve records the decision; the schedule runs it. */
    public boolean scheduled() {
        return StoredText.english(summary).contains("**Scheduled for**");
    }

    /** What its card shows. */
    public ApprovalCard.View cardView() {
        return new ApprovalCard.View(id, service.value(), env.tag(), version, digest.value(), digest.shortForm(), canaryPercent,
                planJson.isBlank() ? "" : PlanCodec.fromJson(planJson).describe(), summaryText(),
                ApprovalCard.State.valueOf(status.name()), scheduled(), approvedBy, required, decidedBy, decidedAt, resultText(),
                larkInstance, createdAt, expiresAt);
    }

    public boolean isExpiredAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt);
    }
}
