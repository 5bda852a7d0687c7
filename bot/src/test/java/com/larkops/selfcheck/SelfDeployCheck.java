package com.larkops.selfcheck;

import com.larkops.testing.FakeLark;
import com.larkops.testing.LarkEventFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The scenario of deploy/testing/self-deploy-check (docs/SELF-DEPLOY.md, issue #30): bot v1 started by the doc's
 * steps, then through the front only: the switch to v2 under a command every 200 ms, the rollback, kill -9 of
 * the old bot at three points of a switch, and a changed definition redeployed on the same digest. Prints each
 * phase's time; exits non-zero with one line naming the failed check.
 */
public final class SelfDeployCheck {
    static final String CHAT = "oc_ops";
    static final String OPS = "ou_ops";

    final Env env = Env.read();
    final FakeLark lark = new FakeLark("0.0.0.0");
    final String appId = "cli_sc" + UUID.randomUUID().toString().substring(0, 8);
    final String token = "vt" + UUID.randomUUID().toString().replace("-", "");
    final String encryptKey = "ek" + UUID.randomUUID().toString().replace("-", "");
    final LarkEventFactory events = new LarkEventFactory(token, encryptKey, appId);
    final Engine engine;
    Front front;
    final Map<String, Long> timings = new LinkedHashMap<>();

    SelfDeployCheck() {
        engine = new Engine(env.network());
    }

    public static void main(String[] args) {
        SelfDeployCheck check = new SelfDeployCheck();
        int rc = 0;
        try {
            check.run();
        } catch (Throwable e) {
            System.err.println("[self-deploy-check] FAILED: " + e.getMessage());
            rc = 1;
        } finally {
            check.timings.forEach((k, v) -> System.err.printf("[self-deploy-check] %-40s %6.1fs%n", k, v / 1000.0));
            check.lark.close();
        }
        System.exit(rc);
    }

    void run() throws Exception {
        phase("v1 started by the doc's steps", () -> {
            docSteps(env.v1(), "all");
            front = new Front(engine.frontAddress(), events, lark);
            expectDigest(env.v1(), env.digest1());
        });
        Switch sw = new Switch(this);
        phase("/deploy larkops v2 (pings every 200 ms)", () -> sw.run("/deploy larkops " + env.v2(), env.v2(), env.digest2(), env.v1()));
        phase("/digest larkops answered by v2", () -> expectDigest(env.v2(), env.digest2()));
        phase("/rollback larkops (pings every 200 ms)", () -> sw.run("/rollback larkops", env.v1(), env.digest1(), env.v2()));
        int loops = Integer.parseInt(System.getenv().getOrDefault("LARKOPS_SELF_CHECK_KILL_LOOPS", "1"));
        KillCase kills = new KillCase(this);
        List<String> unsettled = new ArrayList<>();
        int passes = 0;
        for (int i = 1; i <= loops; i++) {
            int before = unsettled.size();
            for (KillCase.Point point : KillCase.Point.values()) {
                String name = "kill -9 " + point.text + (loops > 1 ? " #" + i : "");
                phase(name, () -> kills.run(point).forEach(p -> unsettled.add(name + ": " + p)));
            }
            passes = unsettled.size() == before ? passes + 1 : 0;
            System.err.printf("[self-deploy-check] kill -9 round %d: %s; %d consecutive passing round(s)%n", i,
                    unsettled.size() == before ? "all settled" : (unsettled.size() - before) + " unsettled", passes);
        }
        phase("changed definition, same digest", () -> new DefinitionChange(this).run());
        if (!unsettled.isEmpty()) {
            throw new AssertionError(unsettled.size() + " thing(s) the survivor of a kill -9 did not settle:\n  "
                    + String.join("\n  ", unsettled));
        }
    }

    /** The shell blocks of the doc's steps ("all", or step 0 and the given one), with this run's values. */
    void docSteps(String version, String which) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", env.script(), "--doc-steps"));
        if (!which.equals("all")) {
            cmd.add(which);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of(env.repo()).toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.put("REGISTRY", env.registry());
        e.put("REGISTRY_CA", env.registryCa());
        e.put("LARKOPS_IMAGE_VERSION", version);
        e.put("LARKOPS_ETC", env.etc());
        e.put("LARKOPS_DATA", env.data());
        e.put("LARKOPS_NETWORK", env.network());
        e.put("FRONT_IMAGE", env.frontImage());
        e.put("FRONT_PUBLISH", "127.0.0.1::80");
        e.put("LARKOPS_SOAK", "3s");
        e.put("LARK_APP_ID", appId);
        e.put("LARK_APP_SECRET", "secret-" + appId);
        e.put("LARK_VERIFICATION_TOKEN", token);
        e.put("LARK_ENCRYPT_KEY", encryptKey);
        e.put("LARK_BASE_URL", "http://" + env.hostIp() + ":" + lark.server().port());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        Files.writeString(Path.of(env.etc(), "..", "doc-steps-" + which + ".log"), out);
        if (rc != 0 || !out.contains("live")) {
            throw new AssertionError("the doc's steps (" + which + ") exited " + rc + " without a live deploy:\n" + out);
        }
    }

    void expectDigest(String version, String digest) {
        String text = front.ask("/digest larkops", Duration.ofSeconds(60));
        if (!text.contains(version) || !text.contains(digest)) {
            throw new AssertionError("/digest larkops should name " + version + " " + digest + " as serving; it said: " + text);
        }
    }

    interface Body {
        void run() throws Exception;
    }

    void phase(String name, Body body) throws Exception {
        long start = System.nanoTime();
        System.err.println("[self-deploy-check] --- " + name);
        try {
            body.run();
        } finally {
            timings.put(name, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
