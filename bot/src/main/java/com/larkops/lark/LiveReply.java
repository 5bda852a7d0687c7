package com.larkops.lark;

import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.cards.CardJson;
import com.larkops.cards.Md;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command's one live card. The first thing shown becomes the reply to the command's message (the
 * only reply); everything after, including the outcome, PATCHes that same message. Sending happens off
 * the command's thread, in order (a rollback never waits for a round trip to Lark between its steps);
 * updates closer together than {@link #MIN_GAP_MS} are coalesced, the latest wins, keeping under Lark's 5
 * updates a second per message. Text progress from commands without a card of their own is shown as a
 * simple card of lines.
 */
public final class LiveReply implements Progress {
    private static final Logger log = LoggerFactory.getLogger(LiveReply.class);
    static final long MIN_GAP_MS = 250;
    private static final long FINAL_WAIT_SECONDS = 60;
    private static final int MAX_LINES = 30;
    private static final ThreadPoolExecutor SENDER = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "live-card");
        t.setDaemon(true);
        return t;
    });

    static {
        SENDER.allowCoreThreadTimeOut(true); // idle between commands: no threads kept
    }

    private final Messenger messenger;
    private final Executor sender;
    private final String chatId;
    private final String commandMessageId;
    /** The heading of a card whose command has no text (a name, never translated). */
    private static final String PRODUCT = "larkops";
    private final Text title;
    /** Posted to the chat as a message of its own (news nobody typed a command for), not as a reply. */
    private final boolean posting;
    /** Replies in the thread of {@link #commandMessageId} ({@code reply_in_thread}): an incident's or a news topic's thread. */
    private boolean thread;
    /** Told the id of the message a posting card became (the first of a news topic: later news replies in its thread). */
    private java.util.function.Consumer<String> onPosted = id -> { };
    private final List<Text> lines = new ArrayList<>();
    /** Every send of this card, in order; each step runs on the sender, after the previous one. */
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> replied;
    private volatile String messageId;
    private boolean structured;
    private boolean flushQueued;
    private Map<String, Object> pending;
    private volatile Map<String, Object> lastShown;
    private volatile long lastSentNanos;

    private LiveReply(Messenger messenger, Executor sender, String chatId, String commandMessageId, String messageId, Text title) {
        this(messenger, sender, chatId, commandMessageId, messageId, title, false);
    }

    private LiveReply(Messenger messenger, Executor sender, String chatId, String commandMessageId, String messageId, Text title,
                      boolean posting) {
        this.posting = posting;
        this.messenger = messenger;
        this.sender = sender;
        this.chatId = chatId;
        this.commandMessageId = commandMessageId;
        this.messageId = messageId;
        this.title = title;
        this.replied = messageId == null ? null : CompletableFuture.completedFuture(null);
    }

    /** The live card that answers the command in {@code commandMessageId}: posted as its reply, then patched. */
    public static LiveReply replying(Messenger messenger, String chatId, String commandMessageId, String commandText) {
        return new LiveReply(messenger, SENDER, chatId, commandMessageId, null, Text.verbatim(commandText));
    }

    static LiveReply replying(Messenger messenger, Executor sender, String chatId, String commandMessageId, String commandText) {
        return new LiveReply(messenger, sender, chatId, commandMessageId, null, Text.verbatim(commandText));
    }

    /** The live card of a change nobody typed (a registry push followed): posted to the chat, then patched. */
    public static LiveReply posting(Messenger messenger, String chatId, String title) {
        return posting(messenger, chatId, Text.verbatim(title));
    }

    /** A live card posted on its own, titled in each viewer's language (automatic changes: "automatic deploy"). */
    public static LiveReply posting(Messenger messenger, String chatId, Text title) {
        return new LiveReply(messenger, SENDER, chatId, "", null, title, true);
    }

    /** The live card of news posted to a chat; {@code onPosted} learns the message's id (the thread of what follows). */
    public static LiveReply posting(Messenger messenger, String chatId, Text title, java.util.function.Consumer<String> onPosted) {
        LiveReply live = posting(messenger, chatId, title);
        live.onPosted = onPosted;
        return live;
    }

    /** The live card posted as a reply in the thread of {@code rootMessageId} (an incident's card, a news topic's first message). */
    public static LiveReply inThread(Messenger messenger, String chatId, String rootMessageId, String commandText) {
        return inThread(messenger, chatId, rootMessageId, Text.verbatim(commandText));
    }

    public static LiveReply inThread(Messenger messenger, String chatId, String rootMessageId, Text title) {
        LiveReply live = new LiveReply(messenger, SENDER, chatId, rootMessageId, null, title);
        live.thread = true;
        return live;
    }

    /** The live card of a message that exists already (an approval card during its approved run): only patched. */
    public static LiveReply updating(Messenger messenger, String messageId) {
        LiveReply live = new LiveReply(messenger, SENDER, "", "", messageId, Text.verbatim(""));
        live.structured = true;
        return live;
    }

    /** A progress line that is a value (an engine's or a registry's own words, a step as the plan prints it). */
    @Override
    public void update(String text) {
        if (text != null && !text.isBlank()) {
            line(Text.verbatim(text));
        }
    }

    @Override
    public synchronized void line(Text text) {
        if (structured || text == null || text.in(Language.DEFAULT).isBlank()) {
            return;
        }
        if (lines.size() < MAX_LINES) {
            lines.add(text);
        }
        show(linesCard(Msg.of("command.live.running"), CardJson.Colour.BLUE, List.of()));
    }

    /** Shows the card without waiting; the first call waits until Lark has the reply, to answer with its id. */
    @Override
    public Optional<String> card(Map<String, Object> card) {
        CompletableFuture<Void> reply;
        synchronized (this) {
            structured = true;
            show(card);
            reply = replied;
        }
        await(reply);
        return Optional.ofNullable(messageId);
    }

    @Override
    public Optional<String> commandMessageId() {
        return Optional.ofNullable(commandMessageId).filter(m -> !m.isBlank());
    }

    @Override
    public Optional<String> messageId() {
        CompletableFuture<Void> reply;
        synchronized (this) {
            reply = replied;
        }
        await(reply);
        return Optional.ofNullable(messageId);
    }

    @Override
    public boolean delivered() {
        CompletableFuture<Void> sent;
        synchronized (this) {
            sent = chain;
        }
        return await(sent);
    }

    /** Shows the card; never waits for Lark (step updates from a running plan). */
    @Override
    public synchronized void showCard(Map<String, Object> card) {
        structured = true;
        show(card);
    }

    /**
     * The command's answer. Nothing shown: it is the one reply (text or card). Otherwise it PATCHes the live
     * card: with the answer's card, or the progress lines and the answer text, or — when a card of its own
     * is showing and the answer has none — that card with the answer under it. Waits (bounded) until sent.
     */
    public void finish(Reply reply) {
        CompletableFuture<Void> done;
        synchronized (this) {
            if (replied == null) {
                if (posting) {
                    chain = chain.thenRunAsync(() -> messenger.send(chatId, reply).ifPresent(onPosted), sender);
                } else if (!commandMessageId.isBlank()) {
                    chain = chain.thenRunAsync(() -> answer(reply), sender);
                }
            } else {
                Map<String, Object> last;
                if (reply.card().isPresent()) {
                    last = reply.card().get();
                } else if (!structured || !reply.succeeded()) {
                    boolean ok = reply.succeeded();
                    last = linesCard(Msg.of(ok ? "command.live.done" : "command.live.failed"), ok ? CardJson.Colour.GREEN : CardJson.Colour.RED,
                            List.of(reply.message()));
                } else {
                    // a card of its own is showing (an approval card, a deploy inside /canary promote): the answer goes under it
                    Map<String, Object> base = pending != null ? pending : lastShown;
                    last = reply.text().isBlank() || base == null ? base
                            : CardJson.appended(base, CardJson.markdown(reply.message().map(Md::text)));
                }
                pending = last;
                if (!flushQueued) {
                    flushQueued = true;
                    chain = chain.thenRunAsync(this::flush, sender);
                }
            }
            done = chain;
        }
        await(done);
    }

    /** Under this object's lock: the first card becomes the reply; later ones are coalesced into the next flush. */
    private void show(Map<String, Object> card) {
        if (replied == null) {
            if (commandMessageId.isBlank() && !posting) {
                return;
            }
            replied = chain.thenRunAsync(() -> {
                lastSentNanos = System.nanoTime();
                lastShown = card;
                messageId = (posting ? messenger.send(chatId, Reply.card(title, card))
                        : answer(Reply.card(title, card))).orElse(null);
                if (posting && messageId != null) {
                    onPosted.accept(messageId);
                }
            }, sender);
            chain = replied;
            return;
        }
        pending = card;
        if (!flushQueued) {
            flushQueued = true;
            chain = chain.thenRunAsync(this::flush, sender);
        }
    }

    private Optional<String> answer(Reply reply) {
        return thread ? messenger.replyInThread(commandMessageId, reply) : messenger.replyFor(chatId, commandMessageId, reply);
    }

    /** On the sender: waits out the gap since the last send, then sends the latest pending card. */
    private void flush() {
        RateGate.sleepNanos(MIN_GAP_MS * 1_000_000 - (System.nanoTime() - lastSentNanos));
        Map<String, Object> card;
        synchronized (this) {
            flushQueued = false;
            card = pending;
            pending = null;
        }
        if (card == null || card.equals(lastShown) || messageId == null) {
            return; // nothing new, or the reply never reached Lark: there is no message to update
        }
        lastSentNanos = System.nanoTime();
        lastShown = card;
        messenger.updateCard(messageId, card);
    }

    /** Whether {@code f} completed normally within the bound. */
    private static boolean await(CompletableFuture<Void> f) {
        if (f == null) {
            return true;
        }
        try {
            f.get(FINAL_WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("live card updates still pending after {} s", FINAL_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("live card update failed: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        return false;
    }

    /** The card of a command without one of its own: its status, its progress lines and its answer, each escaped. */
    private Map<String, Object> linesCard(Text status, CardJson.Colour colour, List<Text> extra) {
        List<Text> body = new ArrayList<>();
        for (Text l : lines) {
            body.add(Text.verbatim("· ").then(l.map(Md::text)));
        }
        for (Text e : extra) {
            // line by line: escaping bounds each piece, so a long answer (a prune plan) is cut only by the card's limit
            body.add(e.map(s -> String.join("\n", s.lines().map(Md::text).toList())));
        }
        Text heading = title.in(Language.DEFAULT).isBlank() ? Text.verbatim(PRODUCT) : title;
        return CardJson.card(Msg.of("command.live.title", heading, status), colour, Msg.of("command.live.summary", heading, status),
                List.of(CardJson.markdown(Msg.of("command.live.body", status, Text.lines(body)).map(String::stripTrailing))));
    }
}
