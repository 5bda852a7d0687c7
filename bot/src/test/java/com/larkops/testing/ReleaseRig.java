package com.larkops.testing;

import com.larkops.config.ConfigFile;
import com.larkops.config.LarkopsConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.release.Check;
import com.larkops.release.Deployer;
import com.larkops.release.Freezes;
import com.larkops.release.HealthGate;
import com.larkops.release.LiveChecks;
import com.larkops.release.PlanExecutor;
import com.larkops.release.PlanLocks;
import com.larkops.release.SoakWatcher;
import com.larkops.runtime.HttpHealthProbe;
import com.larkops.store.AuditLog;
import com.larkops.store.Database;
import com.larkops.store.DbLocks;
import com.larkops.store.ReleaseStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The release parts as the bot wires them — the real store on a SQLite file, the real executor, deployer and
 * health gate — over a {@link FakeRuntime} and a {@link FakeRegistry}: deploys decided and run on data, without
 * an engine. One service, {@code echo} (repository {@code skills/echo}), on network {@link #NETWORK}.
 */
public final class ReleaseRig implements AutoCloseable {
    public static final String SERVICE = "echo";
    public static final String REPO = "skills/echo";
    public static final String NETWORK = "larkops-unit";
    public static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    public final FakeRuntime runtime = new FakeRuntime(clock);
    public final FakeRegistry fakeRegistry = FakeRegistry.start();
    public final LarkopsConfig config;
    public final RegistryClient registry;
    public final Database db;
    public final ReleaseStore releases;
    public final AuditLog audit;
    public final DbLocks dbLocks;
    public final PlanLocks locks;
    public final HealthGate health;
    public final PlanExecutor executor;
    public final SoakWatcher soak;
    public final Deployer deployer;
    private final Map<String, String> frozen = new ConcurrentHashMap<>();

    /** {@code dataDir}: a fresh temporary directory (the SQLite file lives there). */
    public ReleaseRig(Path dataDir) {
        this(dataDir, "");
    }

    /** With {@code moreYaml} appended to the config (top-level keys, e.g. an {@code approvals:} section). */
    public ReleaseRig(Path dataDir, String moreYaml) {
        config = ConfigFile.parse("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1, ou_dev2]
                  approvers: [ou_lead, ou_lead2]
                network: %s
                keep_stopped: 1
                approval_ttl: 10m
                services:
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    soak: 1h
                """.formatted(fakeRegistry.host(), NETWORK, SERVICE, REPO) + moreYaml, "unit-test larkops.yaml");
        registry = new RegistryClient(fakeRegistry.host(), RegistryCredentials.none(), false);
        db = Database.open(dataDir);
        releases = new ReleaseStore(db, clock);
        audit = new AuditLog(db);
        dbLocks = new DbLocks(db, clock);
        locks = new PlanLocks(dbLocks, clock);
        health = new HealthGate(runtime, new HttpHealthProbe());
        executor = new PlanExecutor(runtime, registry, health, releases, audit, locks, new LiveChecks(runtime, c -> Check.Verdict.GO),
                clock, service -> Optional.empty());
        soak = new SoakWatcher(releases, health, NETWORK, clock);
        Freezes freezes = (service, env) -> Optional.ofNullable(frozen.get(service + "/" + env.tag())).map(com.larkops.i18n.Text::verbatim);
        deployer = new Deployer(config, runtime, registry, releases, locks, executor, soak, clock, Optional.empty(), freezes);
    }

    /** Pushes {@code version} of echo, tagged with it, its config labelled with the OCI version label. */
    public Digest push(String version) {
        return fakeRegistry.push(REPO, version, Map.of("org.opencontainers.image.version", version));
    }

    /** The pinned reference every step pulls and runs. */
    public String image(Digest digest) {
        return fakeRegistry.host() + "/" + REPO + "@" + digest.value();
    }

    /** The labels the deployer gives a container of {@code version} in {@code env}. */
    public static Map<String, String> labels(Env env, String version, Digest digest, long releaseId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.SERVICE, SERVICE);
        labels.put(Labels.ENV, env.tag());
        labels.put(Labels.VERSION, version);
        labels.put(Labels.DIGEST, digest.value());
        labels.put(Labels.RELEASE_ID, String.valueOf(releaseId));
        labels.put(Labels.DEPLOYED_BY, "ou_dev1");
        return labels;
    }

    /** A container a previous deploy left: running and serving the env's aliases, or stopped (kept for rollback). */
    public void existing(String name, Env env, String version, Digest digest, boolean running, Instant startedAt) {
        Map<String, String> labels = labels(env, version, digest, 0);
        labels.put(Labels.SPEC, com.larkops.release.Definition.of(config.service(SERVICE).orElseThrow(), config.network()).label());
        runtime.existing(name, image(digest), labels, running, startedAt, NETWORK,
                env == Env.PROD ? List.of(SERVICE + "-prod", SERVICE) : List.of(SERVICE + "-" + env.tag()));
    }

    public void freeze(Env env, String why) {
        frozen.put(SERVICE + "/" + env.tag(), why);
    }

    @Override
    public void close() {
        soak.close();
        dbLocks.close();
        db.close();
        fakeRegistry.close();
    }
}
