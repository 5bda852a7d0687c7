package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.command.Reply;
import com.larkops.config.LarkopsConfig;
import com.larkops.cards.HistoryCard;
import com.larkops.cards.LogsCard;
import com.larkops.cards.StatusCard;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.DurationText;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.SwarmReads;
import com.larkops.signature.SignatureGate;
import com.larkops.signature.Verdict;
import com.larkops.runtime.ContainerState;

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
    private final RuntimeReads runtime;
    private final Optional<SwarmReads> swarm;
    private final RegistryClient registry;
    private final ReleaseHistory history;
    private final HealthGate health;
    private final Clock clock;
    private final Locks locks;
    private final StepRecords steps;

    /** {@code locks} and {@code steps} say whether a change of larkops' own runs in an env, and where it is. */
    public ReleaseQueries(LarkopsConfig config, RuntimeReads runtime, RegistryClient registry, ReleaseHistory history,
                          HealthGate health, Clock clock, Locks locks, StepRecords steps) {
        this(config, runtime, Optional.empty(), registry, history, health, clock, locks, steps);
    }

    /** {@code swarm}: the Swarm services' reads, present under {@code runtime: swarm}. */
    public ReleaseQueries(LarkopsConfig config, RuntimeReads runtime, Optional<SwarmReads> swarm, RegistryClient registry,
                          ReleaseHistory history, HealthGate health, Clock clock, Locks locks, StepRecords steps) {
        this.swarm = swarm;
        this.locks = locks;
        this.steps = steps;
        this.config = config;
        this.runtime = runtime;
        this.registry = registry;
        this.history = history;
        this.health = health;
        this.clock = clock;
    }

    /** Swarm's reads; the wiring hands them over under {@code runtime: swarm}, the only time they are asked. */
    private SwarmReads swarm() {
        return swarm.orElseThrow(() -> new IllegalStateException("runtime: swarm needs the Swarm engine's reads"));
    }

    /** The {@code /digest} (or, with {@code probe}, {@code /status}) card; the text is the same answer for the shell. */
    public Reply digestReply(List<ServiceConfig> services, boolean probe) {
        List<StatusCard.Row> rows = rows(services, probe);
        List<Text> lines = new ArrayList<>();
        if (probe) {
            lines.add(Msg.of("release.status.text_head", services.size()));
        }
        List<StatusCard.Node> nodes = probe ? nodes() : List.of();
        if (probe && config.runtime() == com.larkops.config.RuntimeKind.SWARM) {
            lines.add(nodesText(nodes));
        }
        for (StatusCard.Row row : rows) {
            lines.add(Text.verbatim(row.service() + " " + row.env() + ": ").then(envLine(row)));
        }
        Text title = Msg.of(probe ? "release.status.title" : "release.digest.title", services.size());
        return Reply.card(Text.lines(lines), StatusCard.render(title, rows, nodes, clock.instant()));
    }

    /** One row per service and env: what serves now, explained by the store, and a change of larkops' own beside it. */
    public List<StatusCard.Row> rows(List<ServiceConfig> services, boolean probe) {
        List<ContainerState> containers = runtime.listManaged();
        Map<String, Locks.Holder> held = locks.held();
        List<Release> changing = history.inProgress();
        List<StatusCard.Row> rows = new ArrayList<>();
        for (ServiceConfig s : services) {
            for (Env env : Env.values()) {
                Optional<Locks.Holder> heldHere = Optional.ofNullable(held.get(com.larkops.model.LockKey.of(s.serviceName(), env).value()));
                Optional<Release> change = heldHere.flatMap(l -> changing.stream()
                        .filter(r -> r.service().equals(s.serviceName()) && r.env() == env).max(java.util.Comparator.comparingLong(Release::id)));
                Optional<Locks.Holder> lock = EnvReading.changeLock(heldHere, change,
                        heldHere.isPresent() && change.isEmpty() ? history.history(s.serviceName(), env, 1).stream().findFirst() : Optional.empty());
                EnvReading.Store store = new EnvReading.Store(history.live(s.serviceName(), env), lock, change,
                        change.flatMap(r -> steps.lastDone(r.id())));
                rows.add(row(s, env, containers, store, probe));
            }
        }
        return rows;
    }

    private StatusCard.Row row(ServiceConfig s, Env env, List<ContainerState> containers, EnvReading.Store store, boolean probe) {
        List<ContainerState> mine = DeployPlanner.releasesOf(containers, s.serviceName(), env);
        Optional<Release> good = history.knownGood(s.serviceName(), env, 1).stream().findFirst();
        EnvReading reading;
        if (config.runtime() == com.larkops.config.RuntimeKind.SWARM) {
            Optional<ContainerState> service = mine.stream().filter(ContainerState::running).findFirst();
            List<com.larkops.runtime.SwarmTask> tasks = service.map(c -> swarm().swarmTasks(c.name()).stream()
                    .filter(com.larkops.runtime.SwarmTask::running)
                    .sorted(java.util.Comparator.comparingInt(com.larkops.runtime.SwarmTask::slot)).toList()).orElse(List.of());
            Optional<String> updateState = store.busy() ? service.flatMap(c -> swarm().swarmService(c.name()))
                    .flatMap(com.larkops.runtime.SwarmService::updateState) : Optional.empty();
            List<Text> specDrift = service.filter(c -> !store.busy()).map(c -> swarmDrift(c, tasks)).orElse(List.of());
            reading = EnvReading.swarm(service, tasks, updateState, specDrift, store);
        } else {
            reading = EnvReading.docker(mine, store);
        }
        String health = reading.serving().map(c -> config.runtime() == com.larkops.config.RuntimeKind.SWARM && store.busy()
                ? "running" : healthOf(c, s, probe)).orElse("");
        return new StatusCard.Row(s.name(), env.tag(), reading.version(), reading.digest(), reading.since(), reading.by(), health,
                reading.drifts(), good.map(Release::version), good.map(r -> r.digest().value()), reading.shares(), reading.change(),
                reading.tasks());
    }

    private Text envLine(StatusCard.Row row) {
        List<Text> parts = new ArrayList<>();
        if (row.version().isBlank() && row.digest().isBlank()) {
            parts.add(Msg.of("release.status.not_running"));
        } else {
            Text serving = row.shares().isEmpty() ? Text.verbatim(row.version() + " " + row.digest())
                    : Text.joined(", ", row.shares().stream().map(sh -> Msg.of("release.status.share", sh.version(), sh.digest(), sh.tasks())).toList());
            parts.add(Msg.of("release.status.serving", serving, row.since() == null ? "?" : WHEN.format(row.since()), ago(row.since()),
                    com.larkops.model.Text.mention(row.by()), healthWord(row.health())));
        }
        row.drifts().forEach(d -> parts.add(Msg.of("release.status.drift_text", d)));
        parts.add(Msg.of("release.status.last_good", row.lastGoodVersion().<Text>map(v -> Text.verbatim(v + " " + row.lastGoodDigest().orElse("")))
                .orElse(Msg.of("release.status.none_yet"))));
        Text line = Text.concat(parts.toArray(Text[]::new));
        if (!row.tasks().isEmpty()) {
            line = line.thenLine(Text.verbatim("    ").then(Text.joined(", ", row.tasks().stream().map(StatusCard.TaskOn::text).toList())));
        }
        if (row.change().isPresent()) {
            line = line.thenLine(Msg.of("release.status.in_progress_text", row.change().get().text()));
        }
        return line;
    }

    /** larkops' own probe words in each language; the engine's health word as it is. */
    private static Text healthWord(String health) {
        return switch (health == null ? "" : health) {
            case "healthy" -> Msg.of("release.health.healthy");
            case "running" -> Msg.of("release.health.running");
            case "UNHEALTHY" -> Msg.of("release.health.unhealthy");
            default -> Text.verbatim(health);
        };
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

    public Text history(ServiceConfig s, int n) {
        List<Release> rows = history.history(s.serviceName(), null, n);
        if (rows.isEmpty()) {
            return Msg.of("release.history.none", s.name());
        }
        List<Text> lines = new ArrayList<>(List.of(Msg.of("release.history.head", rows.size(), s.name())));
        for (Release r : rows) {
            List<Text> line = new ArrayList<>(List.of(Text.verbatim("#" + r.id() + " " + WHEN.format(r.startedAt()) + " " + r.env() + " "),
                    Msg.of("release.kind." + r.kind().label()), Text.verbatim(" " + r.version() + " " + r.digest().shortForm() + " "),
                    Msg.of("release.outcome_word." + r.outcome().name().toLowerCase())));
            r.knownGoodAt().ifPresent(t -> line.add(Msg.of("release.history.known_good")));
            line.add(Msg.of("release.history.by", com.larkops.model.Text.mention(r.actor())));
            r.finishedAt().ifPresent(f -> line.add(Msg.of("release.history.took", DurationText.human(Duration.between(r.startedAt(), f)))));
            if (r.outcome() == Release.Outcome.FAILED && !r.detail().isBlank()) {
                String first = r.detail().lines().findFirst().orElse("");
                line.add(Text.verbatim(" — " + (first.length() > 120 ? first.substring(0, 117) + "..." : first)));
            }
            lines.add(Text.concat(line.toArray(Text[]::new)));
        }
        return Text.lines(lines);
    }

    public Reply historyReply(ServiceConfig s, int n) {
        List<Release> rows = history.history(s.serviceName(), null, n);
        List<HistoryCard.Row> card = rows.stream().map(r -> new HistoryCard.Row(r.id(), r.startedAt(), r.env().tag(),
                Msg.of("release.kind." + r.kind().label()), r.version(), r.digest().value(), r.outcome().label(),
                Msg.of("release.outcome_word." + r.outcome().name().toLowerCase()), r.isKnownGood(), r.actor(),
                r.finishedAt().map(f -> Duration.between(r.startedAt(), f)), r.detail())).toList();
        return Reply.card(history(s, n), HistoryCard.render(s.name(), card, clock.instant()));
    }

    /** The last {@code n} log lines of the container serving {@code env}, with the env file's values and secret-looking text redacted. */
    public Reply logs(ServiceConfig s, Env env, int n) {
        List<ContainerState> running = DeployPlanner.releasesOf(runtime.listManaged(), s.serviceName(), env).stream()
                .filter(ContainerState::running).toList();
        if (running.isEmpty()) {
            throw new com.larkops.command.RefusedException(Msg.of("release.logs.nothing_runs", s.name(), env));
        }
        ContainerState c = running.get(0);
        // the service's env file as the executor injects it: its values, and KEY=… for each of its keys
        Map<String, String> envFile = s.envFile().map(com.larkops.config.DotEnv::read).orElse(Map.of());
        String redacted = Redactor.forEnv(envFile).redact(runtime.logTail(c.name(), n), n).stripTrailing();
        return Reply.card(Msg.of("release.logs.text", n, c.name(), redacted),
                LogsCard.render(s.name(), env.tag(), c.name(), n, redacted, clock.instant()));
    }

    /** Tags ↔ digests in the registry, grouped by digest, newest first as the registry lists them. */
    public Text images(ServiceConfig s) {
        List<String> tags = registry.listTags(s.repository());
        if (tags.isEmpty()) {
            return Msg.of("release.images.none", registry.host() + "/" + s.repository());
        }
        Map<Digest, List<String>> byDigest = new LinkedHashMap<>();
        List<String> shown = tags.size() > 100 ? tags.subList(tags.size() - 100, tags.size()) : tags;
        for (String tag : shown) {
            byDigest.computeIfAbsent(registry.resolve(s.repository(), tag), d -> new ArrayList<>()).add(tag);
        }
        List<Text> lines = new ArrayList<>(List.of(Msg.of(tags.size() > shown.size() ? "release.images.head_last" : "release.images.head",
                registry.host() + "/" + s.repository(), tags.size(), byDigest.size())));
        SignatureGate signatures = SignatureGate.over(registry);
        byDigest.forEach((d, t) -> {
            if (signatureTag(t)) {
                return; // a signature or referrers tag, not an image anyone deploys
            }
            Text line = Text.verbatim(d.value() + " ← " + String.join(", ", t));
            if (!s.verify().keys().isEmpty()) {
                Verdict v = signatures.verify(s.verify(), s.repository(), d);
                line = line.then(v.isSigned() ? Msg.of("release.images.signed", v.line()) : Msg.of("release.images.unsigned"));
            }
            lines.add(line);
        });
        return Text.lines(lines);
    }

    /** cosign's {@code sha256-<hex>.sig} and the referrers tag schema's {@code sha256-<hex>}. */
    private static boolean signatureTag(List<String> tags) {
        return tags.stream().allMatch(com.larkops.model.AttachmentTag::isAttachment);
    }

    private Text ago(Instant t) {
        if (t == null) {
            return Text.verbatim("?");
        }
        return Msg.of("release.time.ago", DurationText.human(Duration.between(t, clock.instant()).withNanos(0)));
    }

    /** Swarm: a service spec changed outside larkops, or running tasks on another digest than the service's, are DRIFT. */
    private static List<Text> swarmDrift(ContainerState service, List<com.larkops.runtime.SwarmTask> tasks) {
        String digest = service.label(Labels.DIGEST);
        List<Text> out = new ArrayList<>();
        if (digest != null && !service.image().endsWith("@" + digest)) {
            out.add(Msg.of("release.drift.spec_changed", service.image()));
        }
        List<Text> other = tasks.stream().filter(t -> !t.digest().equals(digest))
                .<Text>map(t -> Msg.of("release.drift.task_runs", t.slot(), t.node(), t.digest())).toList();
        if (!other.isEmpty()) {
            out.add(Msg.of("release.drift.tasks_other", other.size(), tasks.size(), Text.joined("; ", other)));
        }
        return out;
    }

    /** Swarm: the nodes (ready/down, active/drain) and which larkops tasks run on each; empty under runtime: docker. */
    private List<StatusCard.Node> nodes() {
        if (config.runtime() != com.larkops.config.RuntimeKind.SWARM) {
            return List.of();
        }
        List<com.larkops.runtime.SwarmNode> nodes = swarm().swarmNodes();
        Map<String, List<String>> tasksByNode = new LinkedHashMap<>();
        for (ContainerState service : runtime.listManaged()) {
            for (com.larkops.runtime.SwarmTask t : swarm().swarmTasks(service.name())) {
                if (t.running()) {
                    tasksByNode.computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(service.name() + "." + t.slot());
                }
            }
        }
        return nodes.stream().map(n -> new StatusCard.Node(n.hostname(), n.id(), n.role(), n.state() + "/" + n.availability(),
                n.labels().isEmpty() ? "" : new java.util.TreeMap<>(n.labels()).toString(),
                tasksByNode.getOrDefault(n.id(), List.of()))).toList();
    }

    private static Text nodesText(List<StatusCard.Node> nodes) {
        List<Text> lines = new ArrayList<>(List.of(Msg.of("release.status.nodes_text", nodes.size())));
        for (StatusCard.Node n : nodes) {
            lines.add(Text.verbatim("  " + n.hostname() + " (" + n.id().substring(0, Math.min(12, n.id().length())) + ") " + n.role() + " "
                    + n.state() + (n.labels().isEmpty() ? "" : " " + n.labels()) + ": ")
                    .then(n.tasks().isEmpty() ? Msg.of("release.status.no_tasks") : Text.verbatim(String.join(", ", n.tasks()))));
        }
        return Text.lines(lines);
    }
}
