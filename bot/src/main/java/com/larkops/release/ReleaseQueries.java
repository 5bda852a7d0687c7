package com.larkops.release;

import com.larkops.config.LarkopsConfig;
import com.larkops.config.RuntimeKind;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.DurationText;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.runtime.ContainerRuntime;
import com.larkops.signature.SignatureGate;
import com.larkops.signature.Verdict;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.SwarmNode;
import com.larkops.runtime.SwarmTask;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read-only answers: /digest, /status, /history, /images. The engine is the truth; the store explains it. */
public final class ReleaseQueries {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final LarkopsConfig config;
    private final ContainerRuntime runtime;
    private final RegistryClient registry;
    private final ReleaseHistory history;
    private final HealthGate health;
    private final Clock clock;

    public ReleaseQueries(LarkopsConfig config, ContainerRuntime runtime, RegistryClient registry, ReleaseHistory history,
                          HealthGate health, Clock clock) {
        this.config = config;
        this.runtime = runtime;
        this.registry = registry;
        this.history = history;
        this.health = health;
        this.clock = clock;
    }

    /** Which digest runs where, since when, by whom, health, last known-good; drift when engine and store disagree. */
    public String digest(List<ServiceConfig> services) {
        List<ContainerState> containers = runtime.listManaged();
        StringBuilder sb = new StringBuilder();
        for (ServiceConfig s : services) {
            sb.append(s.name()).append('\n');
            for (Env env : Env.values()) {
                sb.append("  ").append(env).append(": ").append(envLine(s, env, containers, false)).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    /** Every service and env with a live health probe. */
    public String status() {
        List<ContainerState> containers = runtime.listManaged();
        StringBuilder sb = new StringBuilder("status of " + config.services().size() + " service(s)\n");
        if (config.runtime() == RuntimeKind.SWARM) {
            sb.append(swarmNodes());
        }
        for (ServiceConfig s : config.services().values()) {
            for (Env env : Env.values()) {
                sb.append(s.name()).append(' ').append(env).append(": ").append(envLine(s, env, containers, true)).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    private String envLine(ServiceConfig s, Env env, List<ContainerState> containers, boolean probe) {
        List<ContainerState> running = DeployPlanner.releasesOf(containers, s.name(), env).stream()
                .filter(ContainerState::running).toList();
        Optional<Release> live = history.live(s.name(), env);
        Optional<Release> good = history.knownGood(s.name(), env, 1).stream().findFirst();
        StringBuilder line = new StringBuilder();
        if (running.isEmpty()) {
            line.append("not running");
            live.ifPresent(r -> line.append(" — DRIFT: history says ").append(r.version()).append(" (")
                    .append(r.digest().shortForm()).append(") is live, the engine runs nothing"));
        } else {
            ContainerState c = running.get(0);
            String digest = c.label(Labels.DIGEST);
            line.append(c.label(Labels.VERSION)).append(' ').append(digest);
            line.append(" since ").append(c.startedAt() == null ? "?" : WHEN.format(c.startedAt()))
                    .append(" (").append(ago(c.startedAt())).append(")");
            line.append(" by ").append(c.label(Labels.DEPLOYED_BY));
            line.append(", ").append(healthOf(c, s, probe));
            if (live.isEmpty() || !live.get().digest().value().equals(digest)) {
                line.append(" — DRIFT: history says ").append(live.map(r -> r.version() + " (" + r.digest().shortForm() + ")").orElse("nothing is live"));
            }
            if (running.size() > 1) {
                line.append(" — DRIFT: ").append(running.size()).append(" containers running (");
                line.append(String.join(", ", running.stream().map(ContainerState::name).toList())).append(")");
            }
        }
        line.append("; last known-good: ").append(good.map(r -> r.version() + " " + r.digest().value()).orElse("none yet"));
        if (config.runtime() == RuntimeKind.SWARM && !running.isEmpty()) {
            line.append(swarmTasks(running.get(0)));
        }
        return line.toString();
    }

    /** Swarm: each running task's digest per node; a task on another digest than the service is DRIFT. */
    private String swarmTasks(ContainerState service) {
        String digest = service.label(Labels.DIGEST);
        List<SwarmTask> tasks = runtime.swarmTasks(service.name()).stream().filter(SwarmTask::running)
                .sorted(java.util.Comparator.comparingInt(SwarmTask::slot)).toList();
        StringBuilder sb = new StringBuilder();
        if (digest != null && !service.image().endsWith("@" + digest)) {
            sb.append(" — DRIFT: the service spec was changed outside larkops, to ").append(service.image());
        }
        long drift = tasks.stream().filter(t -> !t.digest().equals(digest)).count();
        if (drift > 0) {
            sb.append(" — DRIFT: ").append(drift).append(" of ").append(tasks.size()).append(" task(s) run another digest");
        }
        for (SwarmTask t : tasks) {
            sb.append("\n    task ").append(t.slot()).append(" on ").append(t.node()).append(": ").append(t.digest())
                    .append(t.digest().equals(digest) ? "" : " DRIFT");
        }
        return sb.toString();
    }

    /** Swarm: the nodes (ready/down, active/drain) and how many larkops tasks run on each. */
    private String swarmNodes() {
        List<SwarmNode> nodes = runtime.swarmNodes();
        Map<String, List<String>> tasksByNode = new LinkedHashMap<>();
        for (ContainerState service : runtime.listManaged()) {
            for (SwarmTask t : runtime.swarmTasks(service.name())) {
                if (t.running()) {
                    tasksByNode.computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(service.name() + "." + t.slot());
                }
            }
        }
        StringBuilder sb = new StringBuilder("nodes: " + nodes.size() + "\n");
        for (SwarmNode n : nodes) {
            List<String> tasks = tasksByNode.getOrDefault(n.id(), List.of());
            sb.append("  ").append(n.hostname()).append(" (").append(n.id(), 0, Math.min(12, n.id().length())).append(") ")
                    .append(n.role()).append(' ').append(n.state()).append('/').append(n.availability())
                    .append(n.labels().isEmpty() ? "" : " " + new java.util.TreeMap<>(n.labels()))
                    .append(": ").append(tasks.isEmpty() ? "no tasks" : String.join(", ", tasks)).append('\n');
        }
        return sb.toString();
    }

    private String healthOf(ContainerState c, ServiceConfig s, boolean probe) {
        if (c.health() != null) {
            return c.health();
        }
        if (!probe) {
            return "running";
        }
        return health.isHealthyNow(c.name(), s.port(), s.health(), config.network()) ? "healthy" : "UNHEALTHY";
    }

    public String history(ServiceConfig s, int n) {
        List<Release> rows = history.history(s.name(), null, n);
        if (rows.isEmpty()) {
            return "no releases of " + s.name() + " yet";
        }
        StringBuilder sb = new StringBuilder("last " + rows.size() + " release(s) of " + s.name() + ", newest first\n");
        for (Release r : rows) {
            sb.append('#').append(r.id()).append(' ').append(WHEN.format(r.startedAt())).append(' ').append(r.env())
                    .append(' ').append(r.kind().label()).append(' ').append(r.version()).append(' ').append(r.digest().shortForm())
                    .append(' ').append(r.outcome().label());
            r.knownGoodAt().ifPresent(t -> sb.append(" known-good"));
            sb.append(" by ").append(r.actor());
            r.finishedAt().ifPresent(f -> sb.append(" in ").append(DurationText.human(Duration.between(r.startedAt(), f))));
            if (r.outcome() == Release.Outcome.FAILED && !r.detail().isBlank()) {
                String first = r.detail().lines().findFirst().orElse("");
                sb.append(" — ").append(first.length() > 120 ? first.substring(0, 117) + "..." : first);
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** Tags ↔ digests in the registry, grouped by digest, newest first as the registry lists them. */
    public String images(ServiceConfig s) {
        List<String> tags = registry.listTags(s.repository());
        if (tags.isEmpty()) {
            return registry.host() + "/" + s.repository() + " has no tags";
        }
        Map<Digest, List<String>> byDigest = new LinkedHashMap<>();
        List<String> shown = tags.size() > 100 ? tags.subList(tags.size() - 100, tags.size()) : tags;
        for (String tag : shown) {
            byDigest.computeIfAbsent(registry.resolve(s.repository(), tag), d -> new ArrayList<>()).add(tag);
        }
        StringBuilder sb = new StringBuilder(registry.host() + "/" + s.repository() + ": " + tags.size() + " tag(s), "
                + byDigest.size() + " digest(s)" + (tags.size() > shown.size() ? " (last 100 tags shown)" : "") + "\n");
        SignatureGate signatures = SignatureGate.over(registry);
        byDigest.forEach((d, t) -> {
            if (signatureTag(t)) {
                return; // a signature or referrers tag, not an image anyone deploys
            }
            sb.append(d.value()).append(" ← ").append(String.join(", ", t));
            if (!s.verify().keys().isEmpty()) {
                Verdict v = signatures.verify(s.verify(), s.repository(), d);
                sb.append(v.isSigned() ? " · " + v.line() : " · unsigned");
            }
            sb.append('\n');
        });
        return sb.toString().stripTrailing();
    }

    /** cosign's {@code sha256-<hex>.sig} and the referrers tag schema's {@code sha256-<hex>}. */
    private static boolean signatureTag(List<String> tags) {
        return tags.stream().allMatch(t -> t.matches("sha256-[0-9a-f]{64}(\\.sig|\\.att|\\.sbom)?"));
    }

    private String ago(Instant t) {
        if (t == null) {
            return "?";
        }
        return DurationText.human(Duration.between(t, clock.instant()).withNanos(0)) + " ago";
    }
}
