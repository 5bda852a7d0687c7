package com.larkops.lark;

import com.larkops.cards.CardButtons;
import com.larkops.command.PostedButtons;
import com.larkops.store.PostedActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records the buttons of every card larkops shows, by message, as Lark confirms it (the message id comes
 * back with the send; an update replaces the card's buttons). A click on a message not recorded (yet) waits
 * briefly for the sends still on their way to Lark: Lark may show a card before its answer reaches us.
 */
public final class ButtonLedger implements PostedButtons {
    private static final Logger log = LoggerFactory.getLogger(ButtonLedger.class);
    /** Well inside Lark's 3 s for answering a click. */
    static final long IN_FLIGHT_WAIT_MS = 1500;

    private final PostedActions store;
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    public ButtonLedger(PostedActions store) {
        this.store = store;
    }

    /** A send of a card with buttons starts; close it when Lark answered (and the buttons are recorded). */
    Sending sending() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        inFlight.add(f);
        return () -> {
            inFlight.remove(f);
            f.complete(null);
        };
    }

    interface Sending extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code messageId} now shows {@code card}: its buttons are current, any earlier ones superseded. Never throws. */
    public void shown(String messageId, Map<String, Object> card) {
        try {
            store.shown(messageId, CardButtons.of(card));
        } catch (RuntimeException e) {
            // the card went out; without its row its buttons refuse clicks (fail closed), which the log explains
            log.warn("could not record the buttons of {}: {}", messageId, e.getMessage());
        }
    }

    /** Cards are interactive for 14 days: rows older than that (and a day's slack) can never match a click again. */
    public int purgeExpired(java.time.Clock clock) {
        return store.purgeBefore(clock.instant().minus(java.time.Duration.ofDays(15)));
    }

    static boolean hasButtons(Map<String, Object> card) {
        return !CardButtons.of(card).isEmpty();
    }

    @Override
    public Status statusOf(String messageId, String action, Map<String, String> value) {
        Status status = store.statusOf(messageId, action, value);
        if (status != Status.NOT_POSTED || inFlight.isEmpty()) {
            return status;
        }
        List<CompletableFuture<Void>> pending = List.copyOf(inFlight);
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(IN_FLIGHT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // answer with what is recorded by now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return store.statusOf(messageId, action, value);
    }
}
