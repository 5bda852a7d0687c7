package com.larkops.lark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lark.oapi.service.im.ImService;
import com.lark.oapi.service.im.v1.model.EventMessage;
import com.lark.oapi.service.im.v1.model.P2MessageReceiveV1;
import com.larkops.command.Caller;
import com.larkops.command.CommandLine;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandJournal;
import com.larkops.command.CommandLanes;
import com.larkops.command.CommandWorkers;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.command.Trace;
import com.larkops.i18n.Msg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Handles {@code im.message.receive_v1}: turns the event into a {@link ChatMessage}, enqueues the
 * command on the worker pool and returns at once; the worker routes it and replies in the thread.
 */
public final class MessageReceiver extends ImService.P2MessageReceiveV1Handler {
    private static final Logger log = LoggerFactory.getLogger(MessageReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration BUSY_WINDOW = Duration.ofSeconds(5);

    private final CommandRouter router;
    private final CommandLanes lanes;
    private final Messenger messenger;
    /** Short notices (busy, "I answer commands"); when even this is full the notice is dropped, never the ack delayed. */
    private final CommandWorkers notices = new CommandWorkers(1, 256);
    private final BusyLog busyLog = new BusyLog();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "busy-notices");
        t.setDaemon(true);
        return t;
    });
    private final BusyNotices busy;

    private final CommandJournal journal;

    public MessageReceiver(CommandRouter router, CommandLanes lanes, Messenger messenger, CommandJournal journal) {
        this.journal = journal;
        this.router = router;
        this.lanes = lanes;
        this.messenger = messenger;
        this.busy = new BusyNotices(messenger, BUSY_WINDOW,
                (task, delay) -> timer.schedule(() -> notices.submit(task), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void handle(P2MessageReceiveV1 event) {
        ChatMessage m = toMessage(event);
        if (!m.fromUser()) {
            return;
        }
        if (!"text".equals(m.messageType()) || !CommandLine.isCommand(m.text())) {
            if (m.isDirect()) {
                notices.submit(() -> messenger.reply(m.messageId(), Reply.usage(Msg.of("command.message.commands_only"))));
            }
            return;
        }
        note(() -> journal.accepted(m.eventId(), m.chatId(), m.messageId(), m.senderOpenId(), m.text(), Instant.now()));
        Trace trace = Trace.handOver();
        if (trace != null) {
            trace.key(m.messageId());
        }
        boolean queued = lanes.submit(m.senderOpenId(), router.isChange(m.text()), () -> run(m, trace));
        Trace.mark(Trace.Stage.QUEUED);
        if (!queued && trace != null) {
            trace.finish();
        }
        if (!queued) {
            note(() -> journal.done(m.eventId()));
            busyLog.note(m.eventId(), m.senderOpenId());
            // told off the delivery thread, at most once per chat per few seconds
            busy.refused(m.chatId(), m.messageId());
        }
    }

    private void run(ChatMessage m, Trace trace) {
        if (trace != null) {
            trace.attach();
        }
        Trace.mark(Trace.Stage.WORKER);
        note(() -> journal.started(m.eventId()));
        try {
            Caller caller = Caller.lark(m.senderOpenId(), m.chatId(), m.messageId());
            // one reply per command: its live card (or its answer), then only updates of that message, sent off this thread
            LiveReply live = LiveReply.replying(messenger, m.chatId(), m.messageId(), titleOf(m.text()));
            Reply reply = router.route(caller, m.text(), live);
            Trace.mark(Trace.Stage.COMMAND_DONE);
            live.finish(reply);
            Trace.mark(Trace.Stage.REPLIED);
        } catch (RuntimeException e) {
            log.error("event={} command failed", m.eventId(), e);
        } finally {
            note(() -> journal.done(m.eventId()));
            Trace.detach();
            if (trace != null) {
                trace.finish();
            }
        }
    }

    /** The journal is a safety net: when the store fails, the command still runs. */
    private static void note(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.warn("command journal: {}", e.getMessage());
        }
    }

    /** The command as the card's fallback title: its first words, bounded. */
    static String titleOf(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 60 ? t : t.substring(0, 59) + "…";
    }

    static ChatMessage toMessage(P2MessageReceiveV1 event) {
        var data = event.getEvent();
        EventMessage msg = data.getMessage();
        String openId = data.getSender() != null && data.getSender().getSenderId() != null
                ? data.getSender().getSenderId().getOpenId() : "";
        String senderType = data.getSender() != null ? data.getSender().getSenderType() : "";
        return new ChatMessage(event.getHeader().getEventId(), msg.getMessageId(), msg.getChatId(), msg.getChatType(),
                openId, senderType, msg.getMessageType(), textOf(msg.getContent()));
    }

    private static String textOf(String content) {
        if (content == null) {
            return "";
        }
        try {
            return JSON.readTree(content).path("text").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * "No room" is logged at most once a second, with a count: under a burst a line per event would put a
     * synchronous console write on every delivery thread, slowing the acks exactly when they must be fast.
     */
    private static final class BusyLog {
        private final java.util.concurrent.atomic.AtomicLong lastLogged = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong since = new java.util.concurrent.atomic.AtomicLong();

        void note(String eventId, String user) {
            long count = since.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if ((last == 0 || now - last > 1_000_000_000L) && lastLogged.compareAndSet(last, now)) {
                since.addAndGet(-count);
                log.warn("event={} no room for the command of {}; it is counted in the chat's next busy notice"
                        + " ({} commands without room since the last such line)", eventId, user, count);
            }
        }
    }
}
