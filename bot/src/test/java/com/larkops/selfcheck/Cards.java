package com.larkops.selfcheck;

import com.larkops.testing.FakeLark;

import java.time.Duration;

/** The change card of a command: waits for its final state and checks it is live with the digest. */
final class Cards {
    private Cards() {
    }

    static void expectLive(FakeLark lark, String messageId, String digest, String command) {
        FakeLark.Sent end = lark.awaitReply(messageId, t -> t.lines().findFirst().orElse("")
                .matches(".* — (live|failed|rolled back|cancelled)"), Duration.ofSeconds(180));
        String text = end.text();
        String title = text.lines().findFirst().orElse("");
        if (!title.endsWith("— live") || !text.contains(digest.substring(7, 19))) {
            throw new AssertionError("the card of '" + command + "' should end live with " + digest.substring(0, 19) + "; it ended: "
                    + text.replace('\n', ' '));
        }
    }
}
