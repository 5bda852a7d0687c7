package com.larkops.lark;

import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.i18n.Msg;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * "Busy" notices, coalesced: under overload each refused command would otherwise get its own reply, and
 * thousands of Lark calls would hit a group's 5 messages/s limit. A chat gets at most one notice per
 * {@code window}, naming how many commands were not run, as a reply to the latest of them.
 */
final class BusyNotices {
    private final Messenger messenger;
    private final Duration window;
    /** Runs a task after a delay (a scheduler in the bot; the test runs the tasks itself). */
    private final BiConsumer<Runnable, Duration> later;
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Long> lastNoticeNanos = new HashMap<>();

    private static final class Pending {
        int count;
        String latestMessage;
    }

    BusyNotices(Messenger messenger, Duration window, BiConsumer<Runnable, Duration> later) {
        this.messenger = messenger;
        this.window = window;
        this.later = later;
    }

    void refused(String chat, String messageId) {
        Duration delay;
        synchronized (this) {
            Pending p = pending.get(chat);
            if (p != null) {
                p.count++;
                p.latestMessage = messageId;
                return; // a notice for this chat is already scheduled; it will name this one too
            }
            p = new Pending();
            p.count = 1;
            p.latestMessage = messageId;
            pending.put(chat, p);
            if (lastNoticeNanos.size() > 10_000) {
                lastNoticeNanos.values().removeIf(at -> System.nanoTime() - at > window.toNanos());
            }
            Long last = lastNoticeNanos.get(chat);
            long sinceLast = last == null ? Long.MAX_VALUE : System.nanoTime() - last;
            delay = sinceLast >= window.toNanos() ? Duration.ZERO : window.minusNanos(sinceLast);
        }
        later.accept(() -> flush(chat), delay);
    }

    private void flush(String chat) {
        Pending p;
        synchronized (this) {
            p = pending.remove(chat);
            lastNoticeNanos.put(chat, System.nanoTime());
        }
        if (p != null) {
            messenger.reply(p.latestMessage, new Reply(Reply.Outcome.BUSY,
                    p.count == 1 ? Msg.of("command.busy.one") : Msg.of("command.busy.many", p.count), Optional.empty()));
        }
    }
}
