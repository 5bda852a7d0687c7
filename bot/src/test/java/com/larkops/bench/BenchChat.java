package com.larkops.bench;

import com.larkops.testing.BotHarness;
import com.larkops.testing.LarkEventFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The benches' side of the chat: fresh message ids, signed events from ou_dev1 in oc_ops, commands awaited to their reply. */
final class BenchChat {
    private final BotHarness bot;
    private final ReplyClock replies;
    private final String idPrefix;
    private final Duration timeout;
    private int sent;

    BenchChat(BotHarness bot, ReplyClock replies, String idPrefix, Duration timeout) {
        this.bot = bot;
        this.replies = replies;
        this.idPrefix = idPrefix;
        this.timeout = timeout;
    }

    String nextMessageId() {
        return idPrefix + (++sent);
    }

    LarkEventFactory.Delivery event(String messageId, String text) {
        return bot.events.deliver(bot.events.message("ev_" + UUID.randomUUID(), messageId, "oc_ops", "ou_dev1", text));
    }

    /** Sends {@code text} and waits until a reply or PATCH to it contains {@code expect}. */
    void command(String text, String expect) {
        String messageId = nextMessageId();
        CompletableFuture<ReplyClock.Arrival> replied = replies.expect(messageId, expect);
        bot.post(event(messageId, text));
        ReplyClock.await(replied, timeout, text);
    }
}
