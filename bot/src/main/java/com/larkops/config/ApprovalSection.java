package com.larkops.config;

import com.larkops.model.ApproverRef;
import com.larkops.model.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code approvals: {prod: {approvers: [ou_…, "group:…", "department:…"], required: N, mode: card}}}. Each bad value
 * is one line naming its path.
 */
final class ApprovalSection {
    private static final String P = "approvals.prod.";

    private ApprovalSection() {
    }

    static ApprovalPolicy read(YamlShape.Approvals section, Set<String> roleApprovers) {
        if (section == null || section.prod() == null) {
            if (section != null) {
                throw new ConfigException("approvals: expected {prod: {approvers: [...], required: N}}");
            }
            return ApprovalPolicy.ofRoles(roleApprovers);
        }
        YamlShape.ProdApprovals prod = section.prod();
        List<ApproverRef> approvers = new ArrayList<>();
        if (prod.approvers() == null) {
            roleApprovers.forEach(u -> approvers.add(ApproverRef.user(u)));
        } else {
            Set<ApproverRef> seen = new LinkedHashSet<>();
            for (String entry : prod.approvers()) {
                try {
                    ApproverRef ref = ApproverRef.parse(entry);
                    if (!seen.add(ref)) {
                        throw new ConfigException(P + "approvers: '" + ref + "' is listed twice");
                    }
                    approvers.add(ref);
                } catch (InvalidInputException e) {
                    throw new ConfigException(P + "approvers: " + e.getMessage());
                }
            }
        }
        if (approvers.isEmpty()) {
            throw new ConfigException(P + "approvers: list at least one approver (ou_…, group:<id> or department:<id>)");
        }
        int required = prod.required() == null ? 1 : prod.required();
        if (required < 1 || required > ApprovalPolicy.MAX_REQUIRED) {
            throw new ConfigException(P + "required is " + required + ": expected 1-" + ApprovalPolicy.MAX_REQUIRED);
        }
        boolean onlyUsers = approvers.stream().allMatch(ApproverRef::isUser);
        if (onlyUsers && required > approvers.size()) {
            throw new ConfigException(P + "required is " + required + " but only " + approvers.size()
                    + " approver(s) are listed; no request could ever be approved");
        }
        ApprovalPolicy.Mode mode = mode(prod.mode());
        return new ApprovalPolicy(approvers, required, mode, true);
    }

    private static ApprovalPolicy.Mode mode(String text) {
        if (text == null) {
            return ApprovalPolicy.Mode.CARD;
        }
        for (ApprovalPolicy.Mode m : ApprovalPolicy.Mode.values()) {
            if (m.key().equals(text.strip())) {
                return m;
            }
        }
        if ("lark-approval".equals(text.strip())) {
            throw new ConfigException(P + "mode is 'lark-approval': Lark's Approval app is not wired into larkops yet; use card");
        }
        throw new ConfigException(P + "mode is '" + com.larkops.model.Text.clip(text) + "': expected card");
    }
}
