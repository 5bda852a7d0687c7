package com.larkops.command;

/**
 * Who sent a command and from where. {@code user} is a Lark open_id ({@code ou_…}) or
 * {@code os:<user>} for the shell; {@code chat} is the Lark chat id or {@code shell}; {@code messageId}
 * is the Lark message ({@code om_…}) that carried the command, empty from the shell.
 */
public record Caller(String user, String chat, boolean fromShell, String messageId) {
    public Caller {
        messageId = messageId == null ? "" : messageId;
    }

    public Caller(String user, String chat, boolean fromShell) {
        this(user, chat, fromShell, "");
    }

    public static Caller lark(String openId, String chatId) {
        return new Caller(openId, chatId, false, "");
    }

    public static Caller lark(String openId, String chatId, String messageId) {
        return new Caller(openId, chatId, false, messageId);
    }

    public static Caller shell(String osUser) {
        return new Caller("os:" + osUser, "shell", true, "");
    }
}
