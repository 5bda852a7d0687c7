package com.larkops.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The one way tests wait: poll for the positive signal, fail with what was awaited when it never comes. */
public final class Poll {
    private Poll() {
    }

    /** Waits until {@code condition} holds (exceptions count as "not yet"), at most {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet readable: try again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
