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
import java.util.List;
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
        return allPages("members", token -> {
            SimplelistGroupMemberReq.Builder req = SimplelistGroupMemberReq.newBuilder().groupId(group)
                    .memberIdType("open_id").memberType("user").pageSize(100);
            if (token != null) {
                req.pageToken(token);
            }
            SimplelistGroupMemberReq built = req.build();
            var data = call("contact.group_member.simplelist", () -> client.contact().groupMember().simplelist(built)).getData();
            if (data == null) {
                throw new Unavailable("the contact API answered without data");
            }
            List<String> ids = data.getMemberlist() == null ? List.of()
                    : java.util.Arrays.stream(data.getMemberlist()).map(Memberlist::getMemberId).toList();
            return new Page(ids, Boolean.TRUE.equals(data.getHasMore()), data.getPageToken());
        });
    }

    private Set<String> departmentUsers(String department) {
        return allPages("users", token -> {
            FindByDepartmentUserReq.Builder req = FindByDepartmentUserReq.newBuilder().departmentId(department)
                    .userIdType("open_id").pageSize(50);
            if (token != null) {
                req.pageToken(token);
            }
            FindByDepartmentUserReq built = req.build();
            var data = call("contact.user.find_by_department", () -> client.contact().user().findByDepartment(built)).getData();
            if (data == null) {
                throw new Unavailable("the contact API answered without data");
            }
            List<String> ids = data.getItems() == null ? List.of() : java.util.Arrays.stream(data.getItems()).map(User::getOpenId).toList();
            return new Page(ids, Boolean.TRUE.equals(data.getHasMore()), data.getPageToken());
        });
    }

    /** One page of a contact list: its open ids, and the token of the next page when there is one. */
    private record Page(List<String> ids, boolean more, String token) {
    }

    /** Reads page after page (bounded by {@link #MAX_PAGES}) until Lark says there is no more. */
    private static Set<String> allPages(String what, java.util.function.Function<String, Page> fetch) {
        Set<String> all = new LinkedHashSet<>();
        String token = null;
        for (int n = 0; n < MAX_PAGES; n++) {
            Page page = fetch.apply(token);
            page.ids().stream().filter(java.util.Objects::nonNull).forEach(all::add);
            token = page.token();
            if (!page.more() || token == null || token.isBlank()) {
                return all;
            }
        }
        throw new Unavailable("more than " + MAX_PAGES + " pages of " + what);
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
