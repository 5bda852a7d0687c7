package com.larkops.config;

import com.larkops.model.ApproverRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalSectionTest {
    static final String BASE = "registry: r:5000\nroles:\n  approvers: [ou_lead, ou_lead2]\nservices: {}\n";

    @Test
    void withoutTheSectionTheRoleApproversApproveOnceOnTheCard() {
        ApprovalPolicy p = ConfigFile.parse(BASE, "larkops.yaml").prodApprovals();
        assertThat(p.approvers()).containsExactly(ApproverRef.user("ou_lead"), ApproverRef.user("ou_lead2"));
        assertThat(p.required()).isEqualTo(1);
        assertThat(p.mode()).isEqualTo(ApprovalPolicy.Mode.CARD);
        assertThat(p.configured()).isFalse();
        assertThat(p.source()).isEqualTo("roles.approvers");
    }

    @Test
    void theDesignExampleReadsUsersGroupsDepartmentsAndTheQuorum() {
        ApprovalPolicy p = ConfigFile.parse(BASE + """
                approvals:
                  prod:
                    approvers: [ou_lead, "group:g_leads", "department:od_sre"]
                    required: 2
                    mode: card
                """, "larkops.yaml").prodApprovals();
        assertThat(p.approvers()).containsExactly(ApproverRef.user("ou_lead"), new ApproverRef(ApproverRef.Kind.GROUP, "g_leads"),
                new ApproverRef(ApproverRef.Kind.DEPARTMENT, "od_sre"));
        assertThat(p.required()).isEqualTo(2);
        assertThat(p.source()).isEqualTo("approvals.prod.approvers");
        assertThat(p.needsDirectory()).isTrue();
    }

    @Test
    void withoutApproversTheSectionKeepsTheRoleApproversAndSetsTheQuorum() {
        ApprovalPolicy p = ConfigFile.parse(BASE + "approvals:\n  prod:\n    required: 2\n", "larkops.yaml").prodApprovals();
        assertThat(p.approvers()).extracting(ApproverRef::id).containsExactly("ou_lead", "ou_lead2");
        assertThat(p.required()).isEqualTo(2);
    }

    @Test
    void larkApprovalModeTakesTheDefinitionCode() {
        ApprovalPolicy p = ConfigFile.parse(BASE + "approvals:\n  prod:\n    mode: lark-approval\n    approval_code: 7C468A54-8745-2245-9675-08B7C63E7A85\n",
                "larkops.yaml").prodApprovals();
        assertThat(p.mode()).isEqualTo(ApprovalPolicy.Mode.LARK_APPROVAL);
        assertThat(p.approvalCode()).contains("7C468A54-8745-2245-9675-08B7C63E7A85");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "approvals:\\n  prod:\\n    requird: 2|unknown key 'approvals.prod.requird'",
            "approvals:\\n  staging:\\n    required: 2|unknown key 'approvals.staging'",
            "approvals:\\n  prod:\\n    required: 0|approvals.prod.required is 0: expected 1-10",
            "approvals:\\n  prod:\\n    required: two|approvals.prod.required is 'two': expected a whole number",
            "approvals:\\n  prod:\\n    required: 3|approvals.prod.required is 3 but only 2 approver(s) are listed",
            "approvals:\\n  prod:\\n    approvers: [lead]|approvals.prod.approvers: 'lead' is not an approver",
            "approvals:\\n  prod:\\n    approvers: ['group:']|approvals.prod.approvers: 'group:' is not an approver",
            "approvals:\\n  prod:\\n    approvers: ['team:x']|approvals.prod.approvers: 'team:x' is not an approver",
            "approvals:\\n  prod:\\n    approvers: [ou_a, ou_a]|approvals.prod.approvers: 'ou_a' is listed twice",
            "approvals:\\n  prod:\\n    approvers: []|approvals.prod.approvers: list at least one approver",
            "approvals:\\n  prod:\\n    mode: slack|approvals.prod.mode is 'slack': expected card or lark-approval",
            "approvals:\\n  prod:\\n    mode: lark-approval|approvals.prod.approval_code: mode lark-approval needs",
            "approvals:\\n  prod:\\n    mode: lark-approval\\n    approval_code: 'a b'|approvals.prod.approval_code is 'a b'",
            "approvals:\\n  prod:\\n    approval_code: X-1|approvals.prod.approval_code is only used with mode: lark-approval",
            "approvals:\\n  prod:\\n    approvalcode: X-1|unknown key 'approvals.prod.approvalcode'"})
    void mistakesNameThePath(String yaml, String message) {
        assertThatThrownBy(() -> ConfigFile.parse(BASE + yaml.replace("\\n", "\n"), "larkops.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("larkops.yaml: ").hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
