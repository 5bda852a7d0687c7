package com.larkops.config;

import com.larkops.model.ApproverRef;

import java.util.List;
import java.util.Optional;

/**
 * Who approves prod and how ({@code approvals.prod}): the approvers (users, Lark user groups, departments), how
 * many distinct approvers a request needs (never the requester), and where they decide: the card, or Lark's Approval
 * app (an instance of the definition {@code approval_code}). Without the section: the users of {@code roles.approvers},
 * one approval, on the card.
 *
 * @param approvalCode the Approval app's definition code ({@code approvals.prod.approval_code}), for {@code lark-approval}
 * @param configured   whether {@code approvals.prod} was written (refusals then name that key, not roles.approvers)
 */
public record ApprovalPolicy(List<ApproverRef> approvers, int required, Mode mode, Optional<String> approvalCode, boolean configured) {
    /** The most approvals a request may ask for: beyond this a request could never gather them in its TTL. */
    public static final int MAX_REQUIRED = 10;

    /** Where approvers decide: on the card's buttons, or in Lark's Approval app (its task events decide the same request). */
    public enum Mode {
        CARD("card"), LARK_APPROVAL("lark-approval");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public ApprovalPolicy {
        approvers = List.copyOf(approvers);
        approvalCode = approvalCode == null ? Optional.empty() : approvalCode;
    }

    /** Today's rule: the users of {@code roles.approvers}, one of them approves on the card. */
    public static ApprovalPolicy ofRoles(java.util.Collection<String> approvers) {
        return new ApprovalPolicy(approvers.stream().map(ApproverRef::user).toList(), 1, Mode.CARD, Optional.empty(), false);
    }

    /** The config key that lists who may approve, for refusals. */
    public String source() {
        return configured ? "approvals.prod.approvers" : "roles.approvers";
    }

    /** Whether any entry is a group or department (resolved through Lark's contact API). */
    public boolean needsDirectory() {
        return approvers.stream().anyMatch(a -> !a.isUser());
    }
}
