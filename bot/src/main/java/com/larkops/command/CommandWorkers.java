package com.larkops.command;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool for command work, so Lark's delivery thread only enqueues and answers at once.
 * When it is full, {@link #submit} says so and the caller tells the user "busy" instead of blocking.
 */
public final class CommandWorkers implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final AtomicInteger inFlight = new AtomicInteger();

    public CommandWorkers(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "command-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** False when the pool and its queue are full. */
    public boolean submit(Runnable work) {
        inFlight.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            return false;
        }
    }

    /** True when no submitted command is queued or running (try-it waits for this between piped lines). */
    public boolean idle() {
        return inFlight.get() == 0;
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
