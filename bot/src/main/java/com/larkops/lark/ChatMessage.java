package com.larkops.lark;

/** The parts of an {@code im.message.receive_v1} event larkops uses. */
public record ChatMessage(String eventId, String messageId, String chatId, String chatType, String senderOpenId,
                          String senderType, String messageType, String text) {

    public boolean fromUser() {
        return "user".equals(senderType);
    }

    public boolean isDirect() {
        return "p2p".equals(chatType);
    }
}
