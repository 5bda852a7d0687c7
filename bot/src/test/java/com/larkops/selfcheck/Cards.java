package com.larkops.selfcheck;

import com.larkops.testing.FakeLark;

import java.time.Duration;
import java.util.List;

/** The change card of a command: waits for its final state and checks it is live with the digest. */
final class Cards {
    private Cards() {
    }

    static void expectLive(FakeLark lark, String messageId, String digest, String command, Duration timeout) {
        String shortHex = digest.substring(7, 19);
        try {
            Engine.await("the card of '" + command + "' to reach its final state", timeout, 500,
                    () -> lastTitle(lark, messageId).matches(".* — (live|failed|rolled back|cancelled)"));
        } catch (AssertionError e) {
            throw new AssertionError("the card of '" + command + "' never reached its final state in " + timeout.toSeconds()
                    + " s; it last said: " + last(lark, messageId));
        }
        String text = last(lark, messageId);
        if (!lastTitle(lark, messageId).endsWith("— live") || !text.contains(shortHex)) {
            throw new AssertionError("the card of '" + command + "' should end live with sha256:" + shortHex + "; it ended: " + text);
        }
    }

    static void expectLive(FakeLark lark, String messageId, String digest, String command) {
        expectLive(lark, messageId, digest, command, Duration.ofSeconds(180));
    }

    private static String lastTitle(FakeLark lark, String messageId) {
        List<FakeLark.Sent> card = card(lark, messageId);
        return card.isEmpty() ? "" : card.get(card.size() - 1).text().lines().findFirst().orElse("");
    }

    private static String last(FakeLark lark, String messageId) {
        List<FakeLark.Sent> card = card(lark, messageId);
        return card.isEmpty() ? "(no card)" : card.get(card.size() - 1).text().replace("\n", " ¶ ");
    }

    /** The command's card (its interactive reply) and every PATCH of it, in order. */
    private static List<FakeLark.Sent> card(FakeLark lark, String messageId) {
        return lark.conversation(messageId).stream()
                .filter(s -> s.method().equals("PATCH") || "interactive".equals(s.body().path("msg_type").asText())).toList();
    }

    /** Every reply to the command other than its card, as text (the contract: exactly one reply, then PATCHes). */
    static List<String> otherReplies(FakeLark lark, String messageId) {
        return lark.repliesTo(messageId).stream().filter(s -> !"interactive".equals(s.body().path("msg_type").asText()))
                .map(s -> s.text().replace("\n", " ")).toList();
    }
}
