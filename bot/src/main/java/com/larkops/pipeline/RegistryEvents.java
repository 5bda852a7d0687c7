package com.larkops.pipeline;

import com.larkops.config.Secret;
import com.larkops.model.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /registry/events}: the registry's notifications, authenticated by the shared bearer token,
 * deduplicated on the registry's event id (it retries), answered at once; the follow work runs on one
 * worker in arrival order, so a slow deploy never makes the registry back up. A full queue answers 503
 * before anything is recorded, so the registry's retry brings the events back.
 */
public final class RegistryEvents implements AutoCloseable {
    static final int QUEUE = 256;
    private static final Logger log = LoggerFactory.getLogger(RegistryEvents.class);

    private final byte[] expected;
    /** The durable dedup of event ids: true only the first time an id is seen. */
    private final java.util.function.Predicate<String> firstSeen;
    private final Follower follower;
    private final BlockingQueue<Push> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread worker;
    private volatile boolean running = true;

    public RegistryEvents(Secret token, java.util.function.Predicate<String> firstSeen, Follower follower) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the registry events endpoint needs LARKOPS_REGISTRY_EVENTS_TOKEN");
        }
        this.expected = ("Bearer " + token.reveal()).getBytes(StandardCharsets.UTF_8);
        this.firstSeen = firstSeen;
        this.follower = follower;
        this.worker = new Thread(this::work, "registry-events");
        worker.setDaemon(true);
        worker.start();
    }

    /** The HTTP answer, transport-free. */
    public record Answer(int status, String body) {
    }

    public Answer receive(String authorization, byte[] body) {
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            return new Answer(401, "{\"error\":\"missing or wrong bearer token\"}");
        }
        List<RegistryNotifications.Event> events;
        try {
            events = RegistryNotifications.parse(body);
        } catch (InvalidInputException e) {
            return new Answer(400, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}");
        }
        if (queue.remainingCapacity() < events.size()) {
            return new Answer(503, "{\"error\":\"busy; retry later\"}");
        }
        int accepted = 0;
        int duplicates = 0;
        for (RegistryNotifications.Event e : events) {
            if (!firstSeen.test("registry:" + e.id())) {
                duplicates++;
                continue;
            }
            if (queue.offer(e.push())) {
                accepted++;
            }
        }
        return new Answer(200, "{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + "}");
    }

    /** Pushes waiting for the worker (for tests and metrics). */
    public int pending() {
        return queue.size();
    }

    private void work() {
        while (running) {
            Push push;
            try {
                push = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (push == null) {
                continue;
            }
            try {
                follower.onPush(push);
            } catch (RuntimeException e) {
                log.warn("push {}:{} could not be followed: {}", push.repository(), push.tag(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}
