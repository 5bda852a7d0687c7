package com.larkops.model;

import com.larkops.i18n.Msg;

import java.util.regex.Pattern;

/**
 * One entry of an approver list: a Lark user ({@code ou_…}), a Lark user group ({@code group:<id>}, contact v3
 * user groups) or a department ({@code department:<id>}, its direct members). Groups and departments are
 * resolved to users through Lark's contact API when a click arrives.
 */
public record ApproverRef(Kind kind, String id) {
    private static final Pattern USER = Pattern.compile("ou_[A-Za-z0-9_-]{1,64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public enum Kind {
        USER(""), GROUP("group:"), DEPARTMENT("department:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public ApproverRef {
        // users listed under roles.approvers were never checked for their form: any id without blanks stays allowed
        if (kind == null || id == null || id.isBlank() || id.chars().anyMatch(Character::isWhitespace)
                || kind != Kind.USER && !ID.matcher(id).matches()) {
            throw new InvalidInputException(Msg.of("command.approver.invalid", Text.clip(kind == null ? id : kind.prefix() + id)));
        }
    }

    /** {@code ou_…}, {@code group:<id>} or {@code department:<id>}. */
    public static ApproverRef parse(String text) {
        String t = text == null ? "" : text.strip();
        for (Kind kind : new Kind[] {Kind.GROUP, Kind.DEPARTMENT}) {
            if (t.startsWith(kind.prefix())) {
                String id = t.substring(kind.prefix().length());
                if (!ID.matcher(id).matches()) {
                    throw new InvalidInputException(Msg.of("command.approver.kind", Text.clip(text), kind.prefix()));
                }
                return new ApproverRef(kind, id);
            }
        }
        if (!USER.matcher(t).matches()) {
            throw new InvalidInputException(Msg.of("command.approver.expected", Text.clip(text)));
        }
        return new ApproverRef(Kind.USER, t);
    }

    public static ApproverRef user(String openId) {
        return new ApproverRef(Kind.USER, openId);
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    @Override
    public String toString() {
        return kind.prefix() + id;
    }
}
