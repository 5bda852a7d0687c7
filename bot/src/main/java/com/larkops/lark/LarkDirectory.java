package com.larkops.lark;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lark.oapi.Client;
import com.lark.oapi.core.response.BaseResponse;
import com.lark.oapi.service.contact.v3.model.FindByDepartmentUserReq;
import com.lark.oapi.service.contact.v3.model.FindByDepartmentUserResp;
import com.lark.oapi.service.contact.v3.model.Memberlist;
import com.lark.oapi.service.contact.v3.model.SimplelistGroupMemberReq;
import com.lark.oapi.service.contact.v3.model.SimplelistGroupMemberResp;
import com.lark.oapi.service.contact.v3.model.User;
import com.larkops.model.ApproverRef;
import com.larkops.model.Text;
import com.larkops.release.Directory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Lark's contact API as the approvers' {@link Directory}: the users of a user group
 * ({@code GET /open-apis/contact/v3/group/{id}/member/simplelist}, open_ids) and the direct users of a department
 * ({@code GET /open-apis/contact/v3/users/find_by_department}), every page. Answers are cached briefly, so a burst of
 * clicks asks once and a membership change counts within a minute; failures are never cached (the next click asks again).
 */
public final class LarkDirectory implements Directory {
    /** A group or department this large is not an approver list; refusing beats walking it on every click. */
    static final int MAX_PAGES = 20;
    static final Duration TTL = Duration.ofSeconds(60);

    private final Client client;
    private final LarkMessenger.CallCounter counter;
    private final Cache<ApproverRef, Set<String>> cache = Caffeine.newBuilder().maximumSize(500).expireAfterWrite(TTL).build();

    public LarkDirectory(Client client, LarkMessenger.CallCounter counter) {
        this.client = client;
        this.counter = counter;
    }

    @Override
    public Set<String> members(ApproverRef ref) {
        Set<String> cached = cache.getIfPresent(ref);
        if (cached != null) {
            return cached;
        }
        Set<String> members = switch (ref.kind()) {
            case GROUP -> groupMembers(ref.id());
            case DEPARTMENT -> departmentUsers(ref.id());
            case USER -> Set.of(ref.id());
        };
        cache.put(ref, members);
        return members;
    }

    private Set<String> groupMembers(String group) {
        Set<String> members = new LinkedHashSet<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            SimplelistGroupMemberReq.Builder req = SimplelistGroupMemberReq.newBuilder().groupId(group)
                    .memberIdType("open_id").memberType("user").pageSize(100);
            if (token != null) {
                req.pageToken(token);
            }
            SimplelistGroupMemberReq built = req.build();
            SimplelistGroupMemberResp resp = call("contact.group_member.simplelist", () -> client.contact().groupMember().simplelist(built));
            if (resp.getData() == null) {
                throw new Unavailable("the contact API answered without data");
            }
            if (resp.getData().getMemberlist() != null) {
                for (Memberlist m : resp.getData().getMemberlist()) {
                    if (m.getMemberId() != null) {
                        members.add(m.getMemberId());
                    }
                }
            }
            token = resp.getData().getPageToken();
            if (!Boolean.TRUE.equals(resp.getData().getHasMore()) || token == null || token.isBlank()) {
                return members;
            }
        }
        throw new Unavailable("more than " + MAX_PAGES + " pages of members");
    }

    private Set<String> departmentUsers(String department) {
        Set<String> members = new LinkedHashSet<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            FindByDepartmentUserReq.Builder req = FindByDepartmentUserReq.newBuilder().departmentId(department)
                    .userIdType("open_id").pageSize(50);
            if (token != null) {
                req.pageToken(token);
            }
            FindByDepartmentUserReq built = req.build();
            FindByDepartmentUserResp resp = call("contact.user.find_by_department", () -> client.contact().user().findByDepartment(built));
            if (resp.getData() == null) {
                throw new Unavailable("the contact API answered without data");
            }
            if (resp.getData().getItems() != null) {
                for (User u : resp.getData().getItems()) {
                    if (u.getOpenId() != null) {
                        members.add(u.getOpenId());
                    }
                }
            }
            token = resp.getData().getPageToken();
            if (!Boolean.TRUE.equals(resp.getData().getHasMore()) || token == null || token.isBlank()) {
                return members;
            }
        }
        throw new Unavailable("more than " + MAX_PAGES + " pages of users");
    }

    private interface Call<R extends BaseResponse<?>> {
        R run() throws Exception;
    }

    private <R extends BaseResponse<?>> R call(String api, Call<R> call) {
        R resp;
        try {
            resp = call.run();
        } catch (Exception e) {
            counter.larkCall(api, "error");
            throw new Unavailable("the contact API could not be reached: " + Text.clip(String.valueOf(e.getMessage())));
        }
        if (resp == null || !resp.success()) {
            counter.larkCall(api, "error");
            throw new Unavailable(resp == null ? "the contact API gave no answer"
                    : "the contact API answered code " + resp.getCode() + " (" + Text.clip(String.valueOf(resp.getMsg())) + ")");
        }
        counter.larkCall(api, "ok");
        return resp;
    }
}
