package com.larkops.selfcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * kill -9 of the old bot at one point of a switch to the kept container of the other version: the survivor settles
 * the release (the new bot serves on the alias), the card (live with the new digest), the env tag and the chat.
 */
final class KillCase {
    enum Point {
        AFTER_START("after the new bot started"), AFTER_ROUTE("after the alias moved"), BEFORE_RETIRE("before the old bot retires");

        final String text;

        Point(String text) {
            this.text = text;
        }
    }

    private final SelfDeployCheck c;

    KillCase(SelfDeployCheck c) {
        this.c = c;
    }

    /** Runs the case; returns what the survivor did not settle (empty: all), throws when no bot serves the target. */
    List<String> run(Point point) {
        Engine.Bot old = c.engine.theOneRunning();
        String target = c.env.other(old.version());
        String digest = c.env.digestOf(target);
        Engine.Bot next = c.engine.bots().stream().filter(b -> b.version().equals(target) && !b.running()).findFirst()
                .orElseThrow(() -> new AssertionError("no kept container of " + target));
        String command = "/deploy larkops " + target;
        // docker logs holds every earlier run of the container: count, and wait for one more
        long retiresBefore = retires(old.id());
        String message = c.front.send(command);
        switch (point) {
            case AFTER_START -> Engine.await(next.name() + " started", Duration.ofSeconds(60), 20, () -> c.engine.runningNow(next.id()));
            case AFTER_ROUTE -> Engine.await(next.name() + " routed", Duration.ofSeconds(90), 20,
                    () -> c.engine.runningNow(next.id()) && c.engine.routed(next.id()));
            case BEFORE_RETIRE -> Engine.await(old.name() + " retiring itself", Duration.ofSeconds(90), 20,
                    () -> retires(old.id()) > retiresBefore);
        }
        c.engine.kill9(old.id());
        long killedAt = System.nanoTime();
        System.err.printf("[self-deploy-check] killed %s (%s) %s%n", old.name(), old.version(), point.text);
        String what = command + " (old bot killed " + point.text + ")";
        // the release: the survivor serves on the alias (it finds the dead bot gone at its next follow-up, or once it serves)
        Engine.await(target + " serving on the alias after " + what, Duration.ofSeconds(120), 200,
                () -> c.engine.runningNow(next.id()) && c.engine.routed(next.id()) && !c.engine.runningNow(old.id()));
        long servingAt = System.nanoTime();
        List<String> problems = new ArrayList<>();
        settle(problems, () -> Cards.expectLive(c.lark, message, digest, what, Duration.ofSeconds(60)));
        System.err.printf("[self-deploy-check] after the kill: %s serving in %.1f s, the card final in %.1f s%n", target,
                (servingAt - killedAt) / 1e9, (System.nanoTime() - killedAt) / 1e9);
        settle(problems, () -> {
            List<String> more = Cards.otherReplies(c.lark, message);
            if (!more.isEmpty()) {
                throw new AssertionError("'" + what + "' got a second reply besides its card: " + more);
            }
        });
        settle(problems, () -> Registry.expectTag(c.env, "staging", digest));
        settle(problems, () -> c.expectDigest(target, digest));
        return problems;
    }

    private long retires(String container) {
        return c.engine.logs(container).lines().filter(l -> l.contains("retiring this bot's own container")).count();
    }

    private static void settle(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            problems.add(e.getMessage());
            System.err.println("[self-deploy-check] NOT SETTLED: " + e.getMessage());
        }
    }
}
