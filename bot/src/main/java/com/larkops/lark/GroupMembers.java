package com.larkops.lark;

import com.lark.oapi.Client;
import com.lark.oapi.service.contact.v3.model.Memberlist;
import com.lark.oapi.service.contact.v3.model.SimplelistGroupMemberReq;
import com.lark.oapi.service.contact.v3.model.SimplelistGroupMemberResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The people of a list that may name Lark user groups ({@code group:<id>}): each group's user members, read through
 * the contact API ({@code GET /open-apis/contact/v3/group/{id}/member/simplelist}, open ids, paged). Users named
 * directly stay as they are. A group that cannot be read is left out and logged: a buzz reaches whom it can.
 */
public final class GroupMembers {
    private static final Logger log = LoggerFactory.getLogger(GroupMembers.class);
    private static final int MAX_PAGES = 20;
    private final Client client;

    public GroupMembers(Client client) {
        this.client = client;
    }

    public List<String> expand(List<String> usersAndGroups) {
        Set<String> out = new LinkedHashSet<>();
        for (String who : usersAndGroups) {
            if (who.startsWith("group:")) {
                try {
                    out.addAll(members(who.substring("group:".length())));
                } catch (RuntimeException e) {
                    log.warn("cannot read the members of {}: {}", who, e.getMessage());
                }
            } else {
                out.add(who);
            }
        }
        return List.copyOf(out);
    }

    /** The open ids of the group's user members; throws when Lark refuses or cannot be reached. */
    public List<String> members(String groupId) {
        List<String> ids = new ArrayList<>();
        String page = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            SimplelistGroupMemberReq.Builder req = SimplelistGroupMemberReq.newBuilder().groupId(groupId)
                    .memberIdType("open_id").memberType("user").pageSize(100);
            if (page != null) {
                req.pageToken(page);
            }
            SimplelistGroupMemberResp resp;
            try {
                resp = client.contact().v3().groupMember().simplelist(req.build());
            } catch (Exception e) {
                throw new IllegalStateException("contact API unreachable: " + e.getMessage(), e);
            }
            if (!resp.success() || resp.getData() == null) {
                throw new IllegalStateException("contact API refused: code " + resp.getCode() + " " + resp.getMsg());
            }
            if (resp.getData().getMemberlist() != null) {
                for (Memberlist m : resp.getData().getMemberlist()) {
                    if (m.getMemberId() != null) {
                        ids.add(m.getMemberId());
                    }
                }
            }
            if (!Boolean.TRUE.equals(resp.getData().getHasMore()) || resp.getData().getPageToken() == null) {
                break;
            }
            page = resp.getData().getPageToken();
        }
        return ids;
    }
}
