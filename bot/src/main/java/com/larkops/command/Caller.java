package com.larkops.command;

/**
 * Who sent a command and from where. {@code user} is a Lark open_id ({@code ou_…}) or
 * {@code os:<user>} for the shell; {@code chat} is the Lark chat id or {@code shell}.
 */
public record Caller(String user, String chat, boolean fromShell) {
    public static Caller lark(String openId, String chatId) {
        return new Caller(openId, chatId, false);
    }

    public static Caller shell(String osUser) {
        return new Caller("os:" + osUser, "shell", true);
    }
}
