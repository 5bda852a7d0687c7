package com.larkops.config;

import com.larkops.model.ApproverRef;
import com.larkops.model.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code approvals: {prod: {approvers: [ou_…, "group:…", "department:…"], required: N, mode: card | lark-approval,
 * approval_code: …}}}. Each bad value is one line naming its path.
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
        Optional<String> code = Optional.ofNullable(prod.approvalCode()).map(String::strip);
        if (code.isPresent() && !code.get().matches("[A-Za-z0-9-]{1,64}")) {
            throw new ConfigException(P + "approval_code is '" + com.larkops.model.Text.clip(prod.approvalCode())
                    + "': expected the approval definition code from Lark's Approval admin (letters, digits, '-')");
        }
        if (mode == ApprovalPolicy.Mode.LARK_APPROVAL && code.isEmpty()) {
            throw new ConfigException(P + "approval_code: mode lark-approval needs the code of the Approval app's definition");
        }
        if (mode == ApprovalPolicy.Mode.CARD && code.isPresent()) {
            throw new ConfigException(P + "approval_code is only used with mode: lark-approval");
        }
        return new ApprovalPolicy(approvers, required, mode, code, true);
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
        throw new ConfigException(P + "mode is '" + com.larkops.model.Text.clip(text) + "': expected card or lark-approval");
    }
}
