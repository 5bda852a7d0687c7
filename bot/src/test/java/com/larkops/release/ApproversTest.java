package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.config.ApprovalPolicy;
import com.larkops.model.ApproverRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may approve, on data: listed users, members of groups and departments, and a directory that fails (fail closed). */
class ApproversTest {
    static final ApproverRef LEADS = ApproverRef.parse("group:g_leads");
    static final ApproverRef SRE = ApproverRef.parse("department:od_sre");
    final List<ApproverRef> asked = new ArrayList<>();

    Approvers approvers(Map<ApproverRef, Set<String>> members, ApproverRef... refs) {
        Directory directory = ref -> {
            asked.add(ref);
            Set<String> m = members.get(ref);
            if (m == null) {
                throw new Directory.Unavailable("the contact API answered code 40004 (no permission)");
            }
            return m;
        };
        return new Approvers(new ApprovalPolicy(List.of(refs), 2, ApprovalPolicy.Mode.CARD, Optional.empty(), true), directory);
    }

    static Caller lark(String user) {
        return Caller.lark(user, "oc_ops");
    }

    @Test
    void aListedUserIsAnApproverWithoutAskingLark() {
        Approvers a = approvers(Map.of(), ApproverRef.user("ou_lead"), LEADS);
        assertThat(a.refusalText(lark("ou_lead"))).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void membersOfAListedGroupOrDepartmentAreApprovers() {
        Approvers a = approvers(Map.of(LEADS, Set.of("ou_g1"), SRE, Set.of("ou_d1")), ApproverRef.user("ou_lead"), LEADS, SRE);
        assertThat(a.refusalText(lark("ou_g1"))).isEmpty();
        assertThat(a.refusalText(lark("ou_d1"))).isEmpty();
        assertThat(a.refusalText(lark("ou_dev1")).map(t -> t.in(com.larkops.i18n.Language.EN_US))).contains("only approvers (approvals.prod.approvers) may approve");
    }

    @Test
    void aFailedLookupRefusesWithTheReasonAndNeverLetsThrough() {
        Approvers a = approvers(Map.of(SRE, Set.of("ou_d1")), LEADS, SRE);
        Optional<com.larkops.i18n.Text> refused = a.refusalText(lark("ou_g1"));
        assertThat(refused).hasValueSatisfying(r -> assertThat(r.in(com.larkops.i18n.Language.EN_US))
                .isEqualTo("cannot check whether you may approve: Lark did not say who is in group:g_leads "
                        + "(the contact API answered code 40004 (no permission)); nothing was done — try again in a minute"));
        assertThat(Approvers.lookupFailed(refused.get())).isTrue();
        // a member of a group that did resolve is an approver whatever another lookup did
        assertThat(a.refusalText(lark("ou_d1"))).isEmpty();
    }

    @Test
    void theShellsOsUserActsAsApprover() {
        assertThat(approvers(Map.of(), LEADS).refusalText(Caller.shell("root"))).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void withoutTheSectionTheRoleApproversDecideAsBefore() {
        Approvers a = new Approvers(ApprovalPolicy.ofRoles(Set.of("ou_lead")), Directory.NONE);
        assertThat(a.refusalText(lark("ou_lead"))).isEmpty();
        assertThat(a.refusalText(lark("ou_dev2")).map(t -> t.in(com.larkops.i18n.Language.EN_US))).contains("only approvers (roles.approvers) may approve");
    }
}
