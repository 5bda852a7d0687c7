package com.larkops.command;

import java.util.Map;
import java.util.Optional;

/** The chat port: how replies, announcements and card updates leave the bot (Lark implements it). */
public interface Messenger {
    /** Answers in the thread of {@code messageId}. */
    void reply(String messageId, Reply reply);

    /** Answers in the thread of {@code messageId} (a message in {@code chatId}); returns the reply's id when Lark returned one. */
    default Optional<String> replyFor(String chatId, String messageId, Reply reply) {
        reply(messageId, reply);
        return Optional.empty();
    }

    /**
     * Answers {@code messageId} in its thread ({@code reply_in_thread}): incidents and news keep their later messages
     * there, out of the chat's main stream; returns the reply's id when Lark returned one.
     */
    default Optional<String> replyInThread(String messageId, Reply reply) {
        return replyFor("", messageId, reply);
    }

    /** Buzzes {@code openIds} about a message larkops sent (Lark's in-app urgent message); nothing where the chat has none. */
    default void urgent(String messageId, java.util.List<String> openIds) {
    }

    /** Posts to a chat; returns the new message's id when the chat returned one. */
    Optional<String> send(String chatId, Reply reply);

    /** Posts to one user directly (a p2p message by open_id); returns the new message's id when the chat returned one. */
    default Optional<String> sendToUser(String openId, Reply reply) {
        return Optional.empty();
    }

    /** Replaces the card of an earlier message in place. */
    void updateCard(String messageId, Map<String, Object> card);

    /** The live card of an existing message: each {@link Progress#card} replaces it (coalesced where the chat limits updates). */
    default Progress liveCard(String messageId) {
        return new Progress() {
            public void update(String text) {
            }

            public Optional<String> card(Map<String, Object> card) {
                updateCard(messageId, card);
                return Optional.of(messageId);
            }
        };
    }

    /** For the shell without Lark credentials: nothing can be posted, so whatever needs a card is refused. */
    Messenger UNREACHABLE = new Messenger() {
        public void reply(String messageId, Reply reply) {
        }

        public Optional<String> send(String chatId, Reply reply) {
            return Optional.empty();
        }

        public void updateCard(String messageId, Map<String, Object> card) {
        }
    };
}
