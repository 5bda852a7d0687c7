package com.larkops.lark;

import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.lark.cards.CardJson;
import com.larkops.lark.cards.Md;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One command's one live card. The first thing shown becomes the reply to the command's message (the
 * only reply); everything after, including the outcome, PATCHes that same message. Updates closer
 * together than {@link #MIN_GAP_MS} are coalesced (the latest wins), keeping under Lark's 5 updates a
 * second per message. Text progress from commands that have no card of their own is shown as a simple
 * card of lines. All sends happen under this object's lock, so they reach Lark in order.
 */
public final class LiveReply implements Progress {
    static final long MIN_GAP_MS = 250;
    private static final int MAX_LINES = 30;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-card-flush");
        t.setDaemon(true);
        return t;
    });

    private final Messenger messenger;
    private final String chatId;
    private final String commandMessageId;
    private final String title;
    private final List<String> lines = new ArrayList<>();
    private String messageId;
    private boolean replyAttempted;
    private boolean structured;
    private final Object sending = new Object();
    private Map<String, Object> pending;
    private volatile Map<String, Object> lastShown;
    private volatile long lastSentNanos;
    private ScheduledFuture<?> flush;

    private LiveReply(Messenger messenger, String chatId, String commandMessageId, String messageId, String title) {
        this.messenger = messenger;
        this.chatId = chatId;
        this.commandMessageId = commandMessageId;
        this.messageId = messageId;
        this.title = title;
    }

    /** The live card that answers the command in {@code commandMessageId}: posted as its reply, then patched. */
    public static LiveReply replying(Messenger messenger, String chatId, String commandMessageId, String commandText) {
        return new LiveReply(messenger, chatId, commandMessageId, null, commandText);
    }

    /** The live card of a message that exists already (an approval card during its approved run): only patched. */
    public static LiveReply updating(Messenger messenger, String messageId) {
        LiveReply live = new LiveReply(messenger, "", "", messageId, "");
        live.structured = true;
        return live;
    }

    @Override
    public synchronized void update(String text) {
        if (structured || text == null || text.isBlank()) {
            return;
        }
        if (lines.size() < MAX_LINES) {
            lines.add(text);
        }
        show(linesCard("running", CardJson.Colour.BLUE, List.of()));
    }

    @Override
    public synchronized Optional<String> card(Map<String, Object> card) {
        structured = true;
        show(card);
        return Optional.ofNullable(messageId);
    }

    /** Whether anything was shown (so the command's answer must be a PATCH, not a second reply). */
    public synchronized boolean shown() {
        return messageId != null;
    }

    /**
     * The command's answer. Nothing shown yet: it is the one reply (text or card). Otherwise it PATCHes the
     * live card: with the answer's card, or the progress lines and the answer text, or — when a card
     * of its own is showing and the answer has none — the pending update, if any.
     */
    public void finish(Reply reply) {
        Map<String, Object> last;
        synchronized (this) {
            if (messageId == null) {
                if (!commandMessageId.isBlank()) {
                    // the one reply; if a live card was tried and Lark lost it, the outcome still deserves one try
                    messenger.replyFor(chatId, commandMessageId, reply);
                }
                return;
            }
            if (reply.card().isPresent()) {
                last = reply.card().get();
            } else if (!structured || !reply.succeeded()) {
                boolean ok = reply.succeeded();
                last = linesCard(ok ? "done" : "failed", ok ? CardJson.Colour.GREEN : CardJson.Colour.RED, List.of(reply.text()));
            } else {
                // a card of its own is showing (an approval card, a deploy inside /canary promote): the answer goes under it
                Map<String, Object> base = pending != null ? pending : lastShown;
                last = reply.text().isBlank() ? base : CardJson.appended(base, CardJson.markdown(Md.text(reply.text())));
            }
            cancelFlush();
            pending = null;
        }
        synchronized (sending) {
            if (last != null && !last.equals(lastShown)) {
                waitForGap();
                send(last);
            }
        }
    }

    /** Under this object's lock: the first card is the reply (its id is needed), later ones wait for the flush. */
    private void show(Map<String, Object> card) {
        if (messageId == null) {
            if (commandMessageId.isBlank() || replyAttempted) {
                return;
            }
            replyAttempted = true;
            lastSentNanos = System.nanoTime();
            lastShown = card;
            messageId = messenger.replyFor(chatId, commandMessageId, Reply.card(title, card)).orElse(null);
            return;
        }
        pending = card;
        if (flush == null) {
            long delayMs = Math.max(0, MIN_GAP_MS - (System.nanoTime() - lastSentNanos) / 1_000_000);
            flush = TIMER.schedule(this::flush, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends the latest pending card. Sending holds only {@link #sending} (which keeps sends in order), never
     * this object's lock: a slow or rate-limited PATCH must not stall the command that reports progress.
     */
    private void flush() {
        synchronized (sending) {
            Map<String, Object> card;
            synchronized (this) {
                flush = null;
                card = pending;
                pending = null;
            }
            if (card != null && !card.equals(lastShown)) {
                waitForGap();
                send(card);
            }
        }
    }

    private void send(Map<String, Object> card) {
        lastSentNanos = System.nanoTime();
        lastShown = card;
        messenger.updateCard(messageId, card);
    }

    private void waitForGap() {
        long waitNanos = MIN_GAP_MS * 1_000_000 - (System.nanoTime() - lastSentNanos);
        RateGate.sleepNanos(waitNanos);
    }

    private void cancelFlush() {
        if (flush != null) {
            flush.cancel(false);
            flush = null;
        }
    }

    private Map<String, Object> linesCard(String status, CardJson.Colour colour, List<String> extra) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append("· ").append(Md.text(l)).append('\n');
        }
        for (String e : extra) {
            sb.append(Md.text(e)).append('\n');
        }
        String heading = title.isBlank() ? "larkops" : title;
        return CardJson.card(heading + " — " + status, colour, heading + " " + status,
                List.of(CardJson.markdown("**" + status + "**\n" + sb.toString().stripTrailing())));
    }
}
