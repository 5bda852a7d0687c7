package com.larkops.selfcheck;

import com.larkops.testing.FakeLark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A switch of the bot through chat (deploy or rollback) while a signed command arrives every 200 ms: the card
 * ends live with the new digest, the old bot is stopped and kept, the new one is the one running, and every
 * command sent meanwhile was answered exactly once.
 */
final class Switch {
    private final SelfDeployCheck c;

    Switch(SelfDeployCheck c) {
        this.c = c;
    }

    void run(String command, String newVersion, String newDigest, String oldVersion) throws Exception {
        Engine.Bot old = c.engine.running(oldVersion).orElseThrow(() -> new AssertionError(oldVersion + " does not run before " + command));
        List<Future<String>> pings = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newCachedThreadPool();
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
        String changeMessage = c.front.send(command);
        // /help: what is checked is the delivery across the switch (each event acted on once by one bot), not
        // the speed of a command; ten users in turn, as one user may have only 4 commands queued or running (README)
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        every.scheduleAtFixedRate(() -> {
            String user = "ou_reader" + turn.getAndIncrement() % 10;
            pings.add(senders.submit(() -> c.front.send(user, "/help")));
        }, 0, 200, TimeUnit.MILLISECONDS);
        try {
            Cards.expectLive(c.lark, changeMessage, newDigest, command);
            Engine.await("the old bot " + old.name() + " to stop", Duration.ofSeconds(90), 200, () -> !c.engine.runningNow(old.id()));
        } finally {
            every.shutdownNow();
            every.awaitTermination(5, TimeUnit.SECONDS);
            senders.shutdown();
        }
        if (!senders.awaitTermination(90, TimeUnit.SECONDS)) {
            throw new AssertionError("commands sent during the switch were still not acknowledged after 90 s");
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : pings) {
            ids.add(f.get());
        }
        Map<String, List<FakeLark.Sent>> replies = new HashMap<>();
        try {
            Engine.await("a reply to each of the " + ids.size() + " commands sent during the switch", Duration.ofSeconds(60), 500, () -> {
                replies.clear();
                for (FakeLark.Sent s : c.lark.sent()) {
                    if (s.isReply()) {
                        String id = s.path().replaceFirst("^/open-apis/im/v1/messages/", "").replaceFirst("/reply$", "");
                        replies.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
                    }
                }
                return ids.stream().allMatch(replies::containsKey);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; unanswered: " + ids.stream().filter(id -> !replies.containsKey(id)).toList());
        }
        for (String id : ids) {
            if (replies.get(id).size() != 1) {
                throw new AssertionError("command " + id + " sent during the switch got " + replies.get(id).size() + " replies: "
                        + replies.get(id).stream().map(FakeLark.Sent::text).toList());
            }
        }
        System.err.printf("[self-deploy-check] %d commands during '%s': each answered once (%d re-deliveries after a non-2xx)%n",
                ids.size(), command, c.front.redeliveries.getAndSet(0));
        Engine.Bot now = c.engine.theOneRunning();
        if (!now.version().equals(newVersion) || !now.digest().equals(newDigest)) {
            throw new AssertionError("after '" + command + "' the running bot is " + now + ", expected " + newVersion + " " + newDigest);
        }
        if (c.engine.bots().stream().noneMatch(b -> b.id().equals(old.id()) && !b.running())) {
            throw new AssertionError("the old bot " + old.name() + " was not kept (stopped) after '" + command + "'");
        }
    }
}
