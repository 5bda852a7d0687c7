package com.larkops.skill;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One small pool per skill with no queue: a skill can hold at most {@link #PER_SKILL} calls at once,
 * each cut off at its timeout, so a slow or hung skill costs its own callers a bounded wait and
 * everyone else nothing; the next call to a saturated skill is answered "busy" at once.
 *
 * <p>Not resilience4j's ThreadPoolBulkhead (issue #23): the cut-off at the timeout needs its TimeLimiter as well and
 * CompletionStage plumbing around both, for the same two-thread pool without a queue that these lines say directly.
 */
public final class SkillBulkheads implements AutoCloseable {
    static final int PER_SKILL = 2;

    private final Map<String, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();

    public <T> T call(String skill, Callable<T> work, Duration timeout) {
        Future<T> future;
        try {
            future = pool(skill).submit(work);
        } catch (RejectedExecutionException e) {
            throw SkillText.because("busy", PER_SKILL);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw SkillText.because("timeout", SkillText.duration(timeout));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SkillUnavailable u) {
                throw u;
            }
            throw SkillText.because("call_failed", e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw SkillText.because("stopping");
        }
    }

    private ThreadPoolExecutor pool(String skill) {
        return pools.computeIfAbsent(skill, s -> new ThreadPoolExecutor(0, PER_SKILL, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "skill-" + s);
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy()));
    }

    @Override
    public void close() {
        pools.values().forEach(ThreadPoolExecutor::shutdownNow);
    }
}
