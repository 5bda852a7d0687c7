package com.larkops.release;

import com.larkops.command.AuditEntry;
import com.larkops.command.Caller;
import com.larkops.command.Progress;
import com.larkops.model.Digest;
import com.larkops.model.LockKey;
import com.larkops.model.ServiceName;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.runtime.DockerRuntime;
import com.larkops.runtime.HttpHealthProbe;
import com.larkops.store.AuditLog;
import com.larkops.store.Database;
import com.larkops.store.DbLocks;
import com.larkops.store.ReleaseStore;
import com.larkops.testing.DockerCli;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static com.larkops.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one executor against the real engine, a real registry and a real SQLite store: each step kind,
 * the undo before the cut-over, a precondition that skips and one that aborts, the lock, the audit trail
 * and the step listener.
 */
class PlanExecutorIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "exec" + SUFFIX;
    static final String REPO = "executorit/exec" + SUFFIX;
    static final String NETWORK = "larkops-ex-" + SUFFIX;
    static final Caller WHO = Caller.lark("ou_dev1", "oc_ops");

    static Path dataDir;
    static Database db;
    static DockerRuntime runtime;
    static RegistryClient registry;
    static DbLocks dbLocks;
    static String host;
    static String healthy;
    static String broken;
    static final AtomicReference<Check.Verdict> protectionVerdict = new AtomicReference<>(Check.Verdict.GO);
    static PlanExecutor executor;

    @BeforeAll
    static void setUp() throws Exception {
        host = TestRegistry.get().host();
        healthy = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        broken = TestImages.push(host, REPO, "2.0.0", "2.0.0", TestImages.Kind.BROKEN);
        dataDir = Files.createTempDirectory("larkops-executor-it");
        db = Database.open(dataDir);
        runtime = new DockerRuntime(System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"));
        registry = new RegistryClient(host, RegistryCredentials.none(), true);
        Clock clock = Clock.systemUTC();
        dbLocks = new DbLocks(db, clock);
        executor = new PlanExecutor(runtime, registry, new HealthGate(runtime, new HttpHealthProbe()), new ReleaseStore(db, java.time.Clock.systemUTC()),
                new AuditLog(db), new PlanLocks(dbLocks, clock), new LiveChecks(runtime, c -> protectionVerdict.get()), clock, service -> Optional.empty());
    }

    @AfterAll
    static void tearDown() {
        DockerCli.removeService(SERVICE, NETWORK);
        dbLocks.close();
        runtime.close();
        db.close();
    }

    /** Records every step event, as a live card would see them. */
    static final class Recorder implements Progress, StepListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void update(String text) {
        }

        @Override
        public void onStep(Plan plan, int index, Step step, State state, String detail) {
            events.add(index + " " + state + (detail.isEmpty() ? "" : " " + detail));
        }
    }

    static String image(String digest) {
        return host + "/" + REPO + "@" + digest;
    }

    static Map<String, String> labels(String digest) {
        return Map.of("larkops.service", SERVICE, "larkops.env", "staging", "larkops.digest", digest, "larkops.version", "t",
                "larkops.release-id", "0", "larkops.deployed-by", "ou_dev1");
    }

    static Step.Create create(String name, String digest) {
        return new Step.Create(name, image(digest), labels(digest), NETWORK, null, null, null, List.of());
    }

    static Plan plan(Step... steps) {
        return Plan.of("executor-it " + SUFFIX, LockKey.of(new ServiceName(SERVICE), com.larkops.model.Env.STAGING), List.of(steps));
    }

    static boolean exists(String container) {
        return !docker("ps", "-aq", "--filter", "name=^" + container + "$").isBlank();
    }

    static boolean running(String container) {
        return !docker("ps", "-q", "--filter", "name=^" + container + "$").isBlank();
    }

    List<AuditEntry> audit() {
        return new AuditLog(db).recent(500).stream().filter(a -> a.command().startsWith("executor-it " + SUFFIX)).toList();
    }

    @Test
    void runsEveryContainerStepKindRoutesMovesTheTagAndReportsEachStep() {
        String a = SERVICE + "-staging-a";
        String b = SERVICE + "-staging-b";
        Recorder rec = new Recorder();
        List<String> aliases = List.of(SERVICE + "-staging");
        PlanExecutor.Result first = executor.execute(plan(new Step.Pull(image(healthy)), create(a, healthy), new Step.Start(a),
                new Step.AwaitHealthy(a, 8080, "/healthz", Duration.ofSeconds(60), NETWORK), new Step.Route(a, NETWORK, aliases),
                new Step.MoveTag(REPO, Digest.parse(healthy), "staging")), WHO, rec);
        assertThat(first.ok()).as(first.message()).isTrue();
        assertThat(running(a)).isTrue();
        assertThat(runtime.aliasesOn(a, NETWORK)).containsAll(aliases);
        assertThat(registry.tagTarget(REPO, "staging")).contains(Digest.parse(healthy));
        assertThat(rec.events).startsWith("0 PENDING", "1 PENDING", "2 PENDING", "3 PENDING", "4 PENDING", "5 PENDING")
                .containsSubsequence("0 RUNNING", "0 DONE", "3 RUNNING", "3 DONE", "4 RUNNING", "4 DONE", "5 DONE");

        // b takes over: detach (no traffic before healthy), route, retire a; then remove a
        PlanExecutor.Result second = executor.execute(plan(create(b, healthy), new Step.Detach(b, NETWORK), new Step.Start(b),
                new Step.AwaitHealthy(b, 8080, "/healthz", Duration.ofSeconds(60), NETWORK), new Step.Route(b, NETWORK, aliases),
                new Step.Retire(a, Duration.ofSeconds(2))), WHO, Progress.NONE);
        assertThat(second.ok()).as(second.message()).isTrue();
        assertThat(running(b)).isTrue();
        assertThat(running(a)).isFalse();
        assertThat(exists(a)).isTrue();
        assertThat(runtime.aliasesOn(b, NETWORK)).containsAll(aliases);

        PlanExecutor.Result third = executor.execute(plan(new Step.Stop(b, Duration.ofSeconds(2), "test"), new Step.Remove(a)), WHO,
                Progress.NONE);
        assertThat(third.ok()).isTrue();
        assertThat(exists(a)).isFalse();
        assertThat(running(b)).isFalse();
        assertThat(audit()).filteredOn(e -> e.command().contains(a) || e.command().contains(b)).extracting(AuditEntry::outcome)
                .containsOnly("ok").hasSize(12);
        assertThat(audit()).extracting(AuditEntry::command).contains("executor-it " + SUFFIX + ": remove " + a
                + " (beyond the kept stopped containers)");
        docker("rm", "-f", b);
    }

    /** Passes every call on to the engine and notes which read and network calls the executor made. */
    static final class Watched implements com.larkops.runtime.RuntimeReads, com.larkops.runtime.RuntimeChanges {
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final DockerRuntime engine;

        Watched(DockerRuntime engine) {
            this.engine = engine;
        }

        @Override
        public Optional<com.larkops.runtime.ContainerView> inspectOn(String container, String network) {
            calls.add("inspectOn");
            return engine.inspectOn(container, network);
        }

        @Override
        public Optional<String> ipOn(String container, String network) {
            calls.add("ipOn");
            return engine.ipOn(container, network);
        }

        @Override
        public List<String> aliasesOn(String container, String network) {
            calls.add("aliasesOn");
            return engine.aliasesOn(container, network);
        }

        @Override
        public void connect(String container, String network, List<String> aliases) {
            calls.add("connect");
            engine.connect(container, network, aliases);
        }

        @Override public void ping() { engine.ping(); }
        @Override public boolean hasImage(String imageRef) { return engine.hasImage(imageRef); }
        @Override public List<com.larkops.runtime.ContainerState> listManaged() { return engine.listManaged(); }
        @Override public List<com.larkops.runtime.ContainerState> listManaged(ServiceName service, com.larkops.model.Env env) {
            return engine.listManaged(service, env);
        }
        @Override public Optional<com.larkops.runtime.ContainerState> inspect(String c) { return engine.inspect(c); }
        @Override public String logTail(String c, int lines) { return engine.logTail(c, lines); }
        @Override public boolean imageHasHealthcheck(String imageRef) { return engine.imageHasHealthcheck(imageRef); }
        @Override public List<com.larkops.runtime.LocalImage> localImages(String repository) { return engine.localImages(repository); }
        @Override public void pull(String imageRef) { engine.pull(imageRef); }
        @Override public void ensureNetwork(String name) { engine.ensureNetwork(name); }
        @Override public String create(com.larkops.runtime.ContainerSpec spec) { return engine.create(spec); }
        @Override public void start(String c) { engine.start(c); }
        @Override public void stop(String c, Duration grace) { engine.stop(c, grace); }
        @Override public void remove(String c) { engine.remove(c); }
        @Override public void disconnect(String c, String network) { engine.disconnect(c, network); }
        @Override public void removeImage(String imageRef) { engine.removeImage(imageRef); }
    }

    @Test
    void aRollbackOntoAKeptContainerLooksOncePerGatePollAndAuditsEveryStepInOrder() {
        String kept = SERVICE + "-staging-k";
        String serving = SERVICE + "-staging-s";
        List<String> aliases = List.of(SERVICE + "-staging");
        // kept served before (it holds the alias) and is stopped; serving runs with the alias
        PlanExecutor.Result before = executor.execute(plan(create(kept, healthy), new Step.Start(kept),
                new Step.AwaitHealthy(kept, 8080, "/healthz", Duration.ofSeconds(60), NETWORK), new Step.Route(kept, NETWORK, aliases),
                new Step.Stop(kept, Duration.ofSeconds(2), "test"), create(serving, healthy), new Step.Start(serving),
                new Step.AwaitHealthy(serving, 8080, "/healthz", Duration.ofSeconds(60), NETWORK),
                new Step.Route(serving, NETWORK, aliases)), WHO, Progress.NONE);
        assertThat(before.ok()).as(before.message()).isTrue();

        Watched watched = new Watched(runtime);
        Clock clock = Clock.systemUTC();
        PlanExecutor rollbackExecutor = new PlanExecutor(watched, registry, new HealthGate(watched, new HttpHealthProbe()),
                new ReleaseStore(db, clock), new AuditLog(db), new PlanLocks(dbLocks, clock), new LiveChecks(watched, c -> Check.Verdict.GO),
                clock, service -> Optional.empty());
        PlanExecutor.Result rollback = rollbackExecutor.execute(plan(new Step.Start(kept),
                new Step.AwaitHealthy(kept, 8080, "/healthz", Duration.ofSeconds(60), NETWORK), new Step.Route(kept, NETWORK, aliases),
                new Step.Retire(serving, Duration.ofSeconds(2))), WHO, Progress.NONE);

        assertThat(rollback.ok()).as(rollback.message()).isTrue();
        assertThat(running(kept)).isTrue();
        assertThat(running(serving)).isFalse();
        assertThat(runtime.aliasesOn(kept, NETWORK)).containsAll(aliases);
        // each look of the gate is one inspect that tells the address and the aliases; the route needs no look of its own
        assertThat(watched.calls).contains("inspectOn").doesNotContain("ipOn", "aliasesOn", "connect");
        // the gate's and the route's rows are written after the stop, still in step order and stamped when each ended
        List<AuditEntry> rows = new ArrayList<>(audit().stream()
                .filter(e -> e.command().contains(kept) || e.command().contains(serving)).limit(4).toList());
        java.util.Collections.reverse(rows);
        String prefix = "executor-it " + SUFFIX + ": ";
        assertThat(rows).extracting(AuditEntry::command).containsExactly(prefix + "start " + kept,
                prefix + new Step.AwaitHealthy(kept, 8080, "/healthz", Duration.ofSeconds(60), NETWORK).describe(),
                prefix + new Step.Route(kept, NETWORK, aliases).describe(), prefix + "stop " + serving + " (kept for rollback)");
        assertThat(rows).extracting(AuditEntry::outcome).containsOnly("ok");
        assertThat(rows).extracting(AuditEntry::at).isSorted();
        docker("rm", "-f", kept, serving);
    }

    @Test
    void aFailedHealthGateUndoesTheCreatedContainerAndStopsThePlan() {
        String c = SERVICE + "-staging-broken";
        String survivor = SERVICE + "-staging-survivor";
        executor.execute(plan(create(survivor, healthy)), WHO, Progress.NONE);
        Recorder rec = new Recorder();
        PlanExecutor.Result r = executor.execute(plan(new Step.Pull(image(broken)), create(c, broken), new Step.Start(c),
                new Step.AwaitHealthy(c, 8080, "/healthz", Duration.ofSeconds(3), NETWORK), new Step.Remove(survivor)), WHO, rec);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).startsWith("wait until " + c + " is healthy");
        assertThat(rec.events).contains("3 FAILED " + r.reason()).doesNotContain("4 RUNNING");
        assertThat(exists(c)).as("the created container was undone").isFalse();
        assertThat(exists(survivor)).as("steps after the failure never ran").isTrue();
        assertThat(audit()).extracting(AuditEntry::command, AuditEntry::outcome).contains(
                org.assertj.core.groups.Tuple.tuple("executor-it " + SUFFIX + ": stop " + c + " (undo)", "ok"),
                org.assertj.core.groups.Tuple.tuple("executor-it " + SUFFIX + ": remove " + c + " (undo: it never served)", "ok"));
        docker("rm", "-f", survivor);
    }

    @Test
    void aPreconditionSkipsOneStepOrAbortsTheRest() {
        String up = SERVICE + "-staging-up";
        String down = SERVICE + "-staging-down";
        executor.execute(plan(create(up, healthy), new Step.Start(up), create(down, healthy)), WHO, Progress.NONE);
        assertThat(running(up)).isTrue();

        Recorder rec = new Recorder();
        PlanExecutor.Result skipped = executor.execute(plan(new Step.Remove(up, "test", new Check.StillStopped(up))), WHO, rec);
        assertThat(skipped.ok()).isTrue();
        assertThat(rec.events).containsExactly("0 PENDING", "0 SKIPPED running again");
        assertThat(running(up)).isTrue();

        protectionVerdict.set(Check.Verdict.abort("cannot read the registry"));
        try {
            PlanExecutor.Result aborted = executor.execute(plan(
                    new Step.RemoveImage(List.of(image(healthy)), new Check.NotProtected(REPO, Digest.parse(healthy), Instant.now())),
                    new Step.Remove(down, "test", new Check.StillStopped(down))), WHO, Progress.NONE);
            assertThat(aborted.ok()).isFalse();
            assertThat(aborted.reason()).isEqualTo("cannot read the registry");
            assertThat(aborted.steps()).extracting(PlanExecutor.StepOutcome::state)
                    .containsExactly(StepListener.State.FAILED, StepListener.State.PENDING);
            assertThat(exists(down)).isTrue();
        } finally {
            protectionVerdict.set(Check.Verdict.GO);
        }

        PlanExecutor.Result removed = executor.execute(plan(new Step.Remove(down, "test", new Check.StillStopped(down))), WHO,
                Progress.NONE);
        assertThat(removed.steps()).extracting(PlanExecutor.StepOutcome::state).containsExactly(StepListener.State.DONE);
        assertThat(exists(down)).isFalse();
        docker("rm", "-f", up);
    }

    @Test
    void deletesAManifestAndAnImageAndCallsASecondDeleteAlreadyGone() {
        String ref = host + "/" + REPO + ":doomed";
        String doomed = TestImages.push(host, REPO, "doomed", "9.9.9", TestImages.Kind.HEALTHY);
        PlanExecutor.Result r = executor.execute(plan(
                new Step.DeleteManifest(REPO, Digest.parse(doomed), List.of("doomed"), null),
                new Step.DeleteManifest(REPO, Digest.parse(doomed), List.of("doomed"), null),
                new Step.RemoveImage(List.of(ref), null)), WHO, Progress.NONE);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.steps()).extracting(PlanExecutor.StepOutcome::state)
                .containsExactly(StepListener.State.DONE, StepListener.State.SKIPPED, StepListener.State.DONE);
        assertThat(r.steps().get(1).detail()).isEqualTo("already gone");
        assertThat(registry.tagTarget(REPO, "doomed")).isEmpty();
        assertThat(runtime.hasImage(ref)).isFalse();
    }

    @Test
    void aPlanWhoseLockAnotherHoldsIsRefusedAndChangesNothing() {
        String name = SERVICE + "-staging-locked";
        LockKey key = LockKey.of(new ServiceName(SERVICE), com.larkops.model.Env.STAGING);
        assertThat(dbLocks.tryAcquire(key.value(), "ou_other")).isEmpty();
        try {
            assertThatThrownBy(() -> executor.execute(plan(create(name, healthy)), WHO, Progress.NONE))
                    .satisfies(e -> assertThat(com.larkops.model.Text.plain(e.getMessage())).contains(SERVICE + " staging is being changed by ou_other"));
            assertThat(exists(name)).isFalse();
        } finally {
            dbLocks.release(key.value());
        }
        assertThat(Optional.of(executor.execute(plan(create(name, healthy)), WHO, Progress.NONE)).map(PlanExecutor.Result::ok))
                .contains(true);
        docker("rm", "-f", name);
    }

    @Test
    void theBotsOwnContainerIsStoppedAfterThePlanHasFinished() {
        String self = SERVICE + "-staging-self";
        executor.execute(plan(create(self, healthy), new Step.Start(self)), WHO, Progress.NONE);
        assertThat(running(self)).isTrue();
        PlanExecutor.Result r = executor.execute(plan(new Step.RetireLater(self, Duration.ofSeconds(2), Duration.ofSeconds(3))),
                WHO, Progress.NONE);
        assertThat(r.ok()).isTrue();
        // the plan (and with it the reply) is done while the container still runs; it stops a moment later
        assertThat(running(self)).isTrue();
        com.larkops.testing.Poll.until(self + " stopped by the later retirement", Duration.ofSeconds(30), () -> !running(self));
        assertThat(exists(self)).as("kept for rollback").isTrue();
        docker("rm", "-f", self);
    }
}
