package com.larkops.lark;

import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command's progress notes, sent to Lark in order but off the command's thread: a rollback must not wait
 * for a round trip to Lark between planning and {@code docker start}, or between the start and the first
 * health probe. The final reply goes after every note ({@link #sent}).
 */
final class ProgressReplies implements Progress {
    private static final Logger log = LoggerFactory.getLogger(ProgressReplies.class);
    private static final long FINAL_WAIT_SECONDS = 30;

    private final Messenger messenger;
    private final String messageId;
    private final Executor sender;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    ProgressReplies(Messenger messenger, String messageId, Executor sender) {
        this.messenger = messenger;
        this.messageId = messageId;
        this.sender = sender;
    }

    @Override
    public synchronized void update(String text) {
        last = last.thenRunAsync(() -> {
            try {
                messenger.reply(messageId, Reply.ok(text));
            } catch (RuntimeException e) {
                log.warn("progress note to {} not sent: {}", messageId, e.getMessage());
            }
        }, sender);
    }

    /** Waits (bounded) until every note so far has left, so the final reply comes after them. */
    void sent() {
        CompletableFuture<Void> pending;
        synchronized (this) {
            pending = last;
        }
        try {
            pending.get(FINAL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("progress notes to {} still pending after {} s; replying anyway", messageId, FINAL_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // each note logs its own failure
        }
    }
}
