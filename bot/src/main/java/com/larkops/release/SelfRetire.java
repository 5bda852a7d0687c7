package com.larkops.release;

import com.larkops.runtime.RuntimeChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ClosedChannelException;

/**
 * {@link Step.RetireLater}: the stop of this bot's own container (a self-deploy) waits on another thread, so the
 * plan, the release record and the reply finish first; then the engine's SIGTERM drains this bot while the new one
 * serves.
 */
final class SelfRetire {
    private static final Logger log = LoggerFactory.getLogger(SelfRetire.class);

    private final RuntimeChanges changes;

    SelfRetire(RuntimeChanges changes) {
        this.changes = changes;
    }

    void retireLater(Step.RetireLater r) {
        log.info("retiring this bot's own container {} (grace {}): the new bot serves; draining", r.container(), r.grace());
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(r.headStart().toMillis());
                changes.stop(r.container(), r.grace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (closedUnderUs(e)) {
                    // the stop worked: the engine's SIGTERM reached this process, whose shutdown closed the engine client
                    log.info("this bot's own container {} is stopping; the engine connection closed with it", r.container());
                } else {
                    log.warn("could not stop this bot's own container {}: {}", r.container(), e.getMessage());
                }
            }
        }, "self-retire");
        t.setDaemon(true);
        t.start();
    }

    /** Whether {@code e} is the engine call cut off by this process's own shutdown (a channel closed under it). */
    static boolean closedUnderUs(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException || String.valueOf(t.getMessage()).contains("AsynchronousCloseException")) {
                return true;
            }
        }
        return false;
    }
}
