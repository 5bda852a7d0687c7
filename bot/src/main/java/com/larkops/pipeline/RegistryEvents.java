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
 * {@code POST /registry/events} (and the Harbor, TCR and ACR push webhooks beside it): the registry's notifications,
 * each endpoint authenticated by its own bearer token,
 * deduplicated on the registry's event id (it retries), answered at once; the follow work runs on one
 * worker in arrival order, so a slow deploy never makes the registry back up. A full queue answers 503
 * before anything is recorded, so the registry's retry brings the events back. Each accepted push is in the
 * {@link PushJournal} until the worker is done with it; {@link #replayUnfinished} queues what a crash left,
 * ahead of anything new.
 */
public final class RegistryEvents implements AutoCloseable {
    static final int QUEUE = 256;
    private static final Logger log = LoggerFactory.getLogger(RegistryEvents.class);

    private final PushJournal journal;
    private final Follower follower;
    private final java.time.Clock clock;
    private final BlockingQueue<PushJournal.Accepted> queue = new ArrayBlockingQueue<>(QUEUE);
    /** What a previous process accepted and never finished: worked on before the queue. */
    private final java.util.Queue<PushJournal.Accepted> replays = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread worker;
    private volatile boolean running = true;

    public RegistryEvents(PushJournal journal, Follower follower, java.time.Clock clock) {
        this.journal = journal;
        this.follower = follower;
        this.clock = clock;
        this.worker = new Thread(this::work, "registry-events");
        worker.setDaemon(true);
        worker.start();
    }

    /** The HTTP answer, transport-free. */
    public record Answer(int status, String body) {
    }

    /**
     * One endpoint into the shared queue: its own bearer token and its own payload format ({@code source} prefixes
     * its dedup keys, so two registries' ids never collide). Every door's pushes are worked on by the one worker.
     */
    public Door door(String source, Secret token, java.util.function.Function<byte[], List<RegistryNotifications.Event>> parse) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the " + source + " events endpoint needs a token");
        }
        return new Door(source, ("Bearer " + token.reveal()).getBytes(StandardCharsets.UTF_8), parse);
    }

    /** Distribution's notification envelopes ({@code POST /registry/events}). */
    public Door distribution(Secret token) {
        return door("registry", token, RegistryNotifications::parse);
    }

    /** A registry's push webhook ({@code POST /registry/events/harbor|tcr|acr}). */
    public Door webhook(PushWebhook kind, Secret token) {
        return door(kind.source(), token, kind::parse);
    }

    public final class Door {
        private final String source;
        private final byte[] expected;
        private final java.util.function.Function<byte[], List<RegistryNotifications.Event>> parse;

        private Door(String source, byte[] expected, java.util.function.Function<byte[], List<RegistryNotifications.Event>> parse) {
            this.source = source;
            this.expected = expected;
            this.parse = parse;
        }

        /** The {@code Authorization} header carries this door's token: checked before the body is read. */
        public boolean authorized(String authorization) {
            byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, given);
        }

        public Answer receive(String authorization, byte[] body) {
            if (!authorized(authorization)) {
                return new Answer(401, "{\"error\":\"missing or wrong bearer token\"}");
            }
            List<RegistryNotifications.Event> events;
            try {
                events = parse.apply(body);
            } catch (InvalidInputException e) {
                return new Answer(400, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}");
            }
            return accept(source, events);
        }
    }

    private Answer accept(String source, List<RegistryNotifications.Event> events) {
        if (queue.remainingCapacity() < events.size()) {
            return new Answer(503, "{\"error\":\"busy; retry later\"}");
        }
        int accepted = 0;
        int duplicates = 0;
        for (RegistryNotifications.Event e : events) {
            PushJournal.Accepted push = new PushJournal.Accepted(source + ":" + e.id(), e.push());
            if (!journal.accept(push.eventId(), push.push(), clock.instant())) {
                duplicates++;
                continue;
            }
            accepted++;
            if (!queue.offer(push)) {
                // lost a race for the last places: it is in the journal, so the next start replays it
                log.warn("push {}:{} accepted but the queue is full; it runs at the next start", e.push().repository(), e.push().tag());
            }
        }
        return new Answer(200, "{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + "}");
    }

    /** Pushes waiting for the worker (for tests and metrics). */
    public int pending() {
        return queue.size() + replays.size();
    }

    /**
     * Queues the pushes a previous process acknowledged and never finished, in arrival order, ahead of new
     * ones; each goes through the same decision as a fresh push (one whose digest was handled meanwhile is
     * dropped quietly). Returns how many.
     */
    public int replayUnfinished() {
        List<PushJournal.Accepted> left = journal.unfinished();
        replays.addAll(left);
        if (!left.isEmpty()) {
            log.info("replaying {} registry push(es) accepted before a stop and never acted on", left.size());
        }
        return left.size();
    }

    private void work() {
        while (running) {
            PushJournal.Accepted next = replays.poll();
            try {
                next = next != null ? next : queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            Push push = next.push();
            try {
                follower.onPush(push);
            } catch (RuntimeException e) {
                log.warn("push {}:{} could not be followed: {}", push.repository(), push.tag(), e.getMessage());
            }
            try {
                journal.done(next.eventId());
            } catch (RuntimeException e) {
                log.warn("push {}:{} acted on, but not marked done (it is replayed at the next start): {}", push.repository(),
                        push.tag(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}
