package com.larkops.command;

import java.util.function.Consumer;

/**
 * When one event reached each stage of its path, from the HTTP request's arrival to the final reply,
 * in {@link System#nanoTime()}: what the benchmarks print, so a slow stage shows by name. The trace
 * follows the event through the thread that works on it ({@link #attach}); code on the path calls
 * {@link #mark}, which does nothing when no trace is attached (the shell, try-it, background work).
 * Only stamps, no I/O: one small object per event.
 */
public final class Trace {
    /** In path order; a stage not reached keeps 0. */
    public enum Stage {
        ARRIVED, READ, DECRYPTED, VERIFIED, DEDUPED, QUEUED, ACKED,
        WORKER, ALLOWED, LOCKED, LISTED, PLANNED, STARTING, STARTED, FIRST_PROBE, HEALTHY, ROUTED, RETIRING, RETIRED, EXECUTED, COMMAND_DONE, REPLIED
    }

    private static final ThreadLocal<Trace> CURRENT = new ThreadLocal<>();
    private static final Stage[] STAGES = Stage.values();
    private static volatile Consumer<Trace> listener;

    private final long[] at = new long[STAGES.length];
    private volatile String key = "";
    private volatile boolean handedOver;

    private Trace(long arrived) {
        at[Stage.ARRIVED.ordinal()] = arrived;
    }

    /** A new trace stamped ARRIVED now, attached to this thread. */
    public static Trace begin() {
        Trace t = new Trace(System.nanoTime());
        CURRENT.set(t);
        return t;
    }

    /** Stamps the stage on this thread's trace, if any (the last stamp of a stage wins). */
    public static void mark(Stage stage) {
        Trace t = CURRENT.get();
        if (t != null) {
            t.at[stage.ordinal()] = System.nanoTime();
        }
    }

    /** This thread's trace, or null. */
    public static Trace current() {
        return CURRENT.get();
    }

    /** Benchmarks listen to finished traces; null switches off. */
    public static void listen(Consumer<Trace> l) {
        listener = l;
    }

    /** Names the trace (the chat message id) so a reader can match it to what it sent. */
    public void key(String k) {
        key = k == null ? "" : k;
    }

    public String key() {
        return key;
    }

    /** This thread's trace, marked as carried on by other work (which will finish it); or null. */
    public static Trace handOver() {
        Trace t = CURRENT.get();
        if (t != null) {
            t.handedOver = true;
        }
        return t;
    }

    public boolean handedOver() {
        return handedOver;
    }

    /** Makes this the trace of the calling thread (a worker picking up the event). */
    public void attach() {
        CURRENT.set(this);
    }

    /** Detaches whatever trace the calling thread has. */
    public static void detach() {
        CURRENT.remove();
    }

    /** The event's path ended here: hand the trace to the listener. */
    public void finish() {
        Consumer<Trace> l = listener;
        if (l != null) {
            l.accept(this);
        }
    }

    /** Nanoseconds from arrival to the stage, or -1 when the stage was not reached. */
    public long sinceArrival(Stage stage) {
        long t = at[stage.ordinal()];
        return t == 0 ? -1 : t - at[Stage.ARRIVED.ordinal()];
    }

    public static Stage[] stages() {
        return STAGES.clone();
    }
}
