package com.larkops.runtime;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import com.larkops.model.Labels;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Swarm adapter ({@code runtime: swarm}) of both engine ports and of Swarm's own: every larkops service is
 * a Swarm service on the manager that {@code DOCKER_HOST} points at. Services are written as engine JSON through the raw
 * transport, because docker-java's service update carries neither the registry auth nor the rollback flag.
 * Container-level calls (the bot's own skills, retention of local images) go to that node's engine: it holds a
 * {@link DockerRuntime} for them (composition, not inheritance; neither is a view of the other).
 *
 * <p>{@link #listManaged()} lists one entry per larkops Swarm service (its name, labels and the update's
 * start time), so "what runs where" reads the same for both runtimes; tasks are in {@link #swarmTasks}.
 */
public final class SwarmRuntime implements RuntimeReads, RuntimeChanges, SwarmReads, SwarmChanges {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final DockerRuntime node;
    private final DockerHttpClient http;
    private final String dockerHost;
    private final String registryAuth;

    /** {@code registryUser} empty = no auth forwarded (an open or loopback registry). */
    public SwarmRuntime(String dockerHost, String registryHost, String registryUser, String registryPassword) {
        this(new DockerRuntime(dockerHost), registryHost, registryUser, registryPassword);
    }

    /** On the manager whose engine {@code node} speaks to; container-level calls go to it. */
    public SwarmRuntime(DockerRuntime node, String registryHost, String registryUser, String registryPassword) {
        this.node = node;
        this.dockerHost = node.dockerHost();
        this.http = DockerClients.http(this.dockerHost);
        this.registryAuth = registryUser == null || registryUser.isBlank() ? null
                : Base64.getUrlEncoder().encodeToString(JSON.createObjectNode().put("username", registryUser)
                .put("password", registryPassword).put("serveraddress", registryHost).toString().getBytes(StandardCharsets.UTF_8));
    }

    // container-level calls: this node's engine

    @Override public void ping() { node.ping(); }
    @Override public boolean hasImage(String imageRef) { return node.hasImage(imageRef); }
    @Override public Optional<String> ipOn(String containerId, String network) { return node.ipOn(containerId, network); }
    @Override public List<String> aliasesOn(String containerId, String network) { return node.aliasesOn(containerId, network); }
    @Override public boolean imageHasHealthcheck(String imageRef) { return node.imageHasHealthcheck(imageRef); }
    @Override public List<LocalImage> localImages(String repository) { return node.localImages(repository); }
    @Override public void pull(String imageRef) { node.pull(imageRef); }
    @Override public void ensureNetwork(String name) { node.ensureNetwork(name); }
    @Override public String create(ContainerSpec spec) { return node.create(spec); }
    @Override public void start(String containerId) { node.start(containerId); }
    @Override public void stop(String containerId, Duration grace) { node.stop(containerId, grace); }
    @Override public void remove(String containerId) { node.remove(containerId); }
    @Override public void connect(String containerId, String network, List<String> aliases) { node.connect(containerId, network, aliases); }
    @Override public void disconnect(String containerId, String network) { node.disconnect(containerId, network); }
    @Override public void removeImage(String imageRef) { node.removeImage(imageRef); }

    // Swarm services

    @Override
    public Optional<SwarmService> swarmService(String name) {
        return get("/services/" + enc(name)).map(SwarmRuntime::service);
    }

    @Override
    public void applySwarmService(SwarmSpec spec) {
        ObjectNode body = specJson(spec);
        Optional<SwarmService> current = swarmService(spec.name());
        if (current.isEmpty()) {
            send("POST", "/services/create", body, Msg.of("app.engine.do.create_service", spec.name()));
        } else {
            send("POST", "/services/" + current.get().id() + "/update?version=" + current.get().version(), body,
                    Msg.of("app.engine.do.update_service", spec.name()));
        }
    }

    @Override
    public void rollbackSwarmService(String name) {
        JsonNode raw = get("/services/" + enc(name)).orElseThrow(() -> new RuntimeOperationException(Msg.of("app.engine.no_swarm_service", name)));
        SwarmService s = service(raw);
        send("POST", "/services/" + s.id() + "/update?version=" + s.version() + "&rollback=previous", raw.path("Spec"),
                Msg.of("app.engine.do.rollback_service", name));
    }

    @Override
    public void removeSwarmService(String name) {
        request("DELETE", "/services/" + enc(name), null, Msg.of("app.engine.do.remove_service", name), true);
    }

    @Override
    public List<SwarmTask> swarmTasks(String serviceName) {
        Map<String, String> nodes = new HashMap<>();
        swarmNodes().forEach(n -> nodes.put(n.id(), n.hostname()));
        String filters = enc("{\"service\":[\"" + serviceName + "\"]}");
        JsonNode list = get("/tasks?filters=" + filters).orElseThrow();
        List<SwarmTask> out = new ArrayList<>();
        Map<String, String> updated = new HashMap<>();
        for (JsonNode t : list) {
            updated.put(t.path("ID").asText(), t.path("UpdatedAt").asText(""));
            JsonNode status = t.path("Status");
            out.add(new SwarmTask(t.path("ID").asText(), t.path("Slot").asInt(0), t.path("NodeID").asText(""),
                    nodes.getOrDefault(t.path("NodeID").asText(""), t.path("NodeID").asText("")),
                    t.path("Spec").path("ContainerSpec").path("Image").asText(""), status.path("State").asText(""),
                    t.path("DesiredState").asText(""), status.path("Message").asText(""), status.path("Err").asText(""),
                    status.path("ContainerStatus").path("ContainerID").asText("")));
        }
        out.sort(Comparator.comparing((SwarmTask t) -> updated.getOrDefault(t.id(), "")).reversed());
        return out;
    }

    @Override
    public List<SwarmNode> swarmNodes() {
        List<SwarmNode> out = new ArrayList<>();
        for (JsonNode n : get("/nodes").orElseThrow()) {
            Map<String, String> labels = new HashMap<>();
            n.path("Spec").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            out.add(new SwarmNode(n.path("ID").asText(), n.path("Description").path("Hostname").asText(""),
                    n.path("Spec").path("Role").asText(""), n.path("Status").path("State").asText(""),
                    n.path("Spec").path("Availability").asText(""), n.path("Status").path("Addr").asText(""), labels));
        }
        out.sort(Comparator.comparing(SwarmNode::hostname).thenComparing(SwarmNode::id));
        return out;
    }

    /** One entry per larkops Swarm service; "running" while it wants replicas. */
    @Override
    public List<ContainerState> listManaged() {
        String filters = enc("{\"label\":[\"" + Labels.SERVICE + "\"]}");
        List<ContainerState> out = new ArrayList<>();
        for (JsonNode raw : get("/services?filters=" + filters).orElseThrow()) {
            SwarmService s = service(raw);
            Instant since = instant(raw.path("UpdateStatus").path("StartedAt").asText(raw.path("UpdatedAt").asText("")));
            out.add(new ContainerState(s.id(), s.name(), s.image(), "", s.labels(), s.replicas() > 0,
                    s.replicas() > 0 ? "running" : "exited", null, instant(raw.path("CreatedAt").asText("")), since, null,
                    health(s), false));
        }
        return out;
    }

    @Override
    public List<ContainerState> listManaged(com.larkops.model.ServiceName service, com.larkops.model.Env env) {
        return listManaged().stream().filter(c -> c.isOf(service, env)).toList();
    }

    @Override
    public Optional<ContainerState> inspect(String name) {
        return listManaged().stream().filter(c -> c.name().equals(name) || c.id().equals(name)).findFirst();
    }

    /** The service's log, all tasks interleaved as the engine returns them. */
    @Override
    public String logTail(String serviceName, int lines) {
        try (DockerHttpClient.Response r = http.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/services/" + enc(serviceName) + "/logs?stdout=1&stderr=1&tail=" + Math.max(1, lines)).build())) {
            if (r.getStatusCode() / 100 != 2) {
                return "";
            }
            return demux(r.getBody().readNBytes(1024 * 1024));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * A service is healthy when its update settled and exactly {@code replicas} tasks run its image: the
     * engine's health check replaces an unhealthy task, so a task that runs is one that passes it.
     */
    private String health(SwarmService s) {
        List<SwarmTask> running = swarmTasks(s.name()).stream().filter(SwarmTask::running).toList();
        if (s.settled() && running.size() == s.replicas() && running.stream().allMatch(t -> t.image().equals(s.image()))) {
            return "healthy";
        }
        return s.settled() ? "unhealthy" : "starting";
    }

    static ObjectNode specJson(SwarmSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Name", spec.name());
        ObjectNode labels = root.putObject("Labels");
        spec.labels().forEach(labels::put);
        ObjectNode task = root.putObject("TaskTemplate");
        ObjectNode container = task.putObject("ContainerSpec");
        container.put("Image", spec.image());
        ObjectNode containerLabels = container.putObject("Labels");
        spec.labels().forEach(containerLabels::put);
        ArrayNode env = container.putArray("Env");
        spec.env().forEach(env::add);
        container.put("StopGracePeriod", spec.stopGrace().toNanos());
        container.put("Init", true);
        if (!spec.healthTest().isEmpty()) {
            ObjectNode hc = container.putObject("HealthCheck");
            ArrayNode test = hc.putArray("Test");
            spec.healthTest().forEach(test::add);
            hc.put("Interval", spec.healthInterval().toNanos());
            hc.put("Timeout", spec.healthTimeout().toNanos());
            hc.put("Retries", spec.healthRetries());
            hc.put("StartPeriod", spec.healthStartPeriod().toNanos());
        }
        if (!spec.binds().isEmpty()) {
            ArrayNode mounts = container.putArray("Mounts");
            for (String bind : spec.binds()) {
                String[] parts = bind.split(":", 3);
                mounts.addObject().put("Type", "bind").put("Source", parts[0]).put("Target", parts[1])
                        .put("ReadOnly", parts.length == 3 && parts[2].equals("ro"));
            }
        }
        if (spec.memoryBytes() != null || spec.cpus() != null) {
            ObjectNode limits = task.putObject("Resources").putObject("Limits");
            if (spec.memoryBytes() != null) {
                limits.put("MemoryBytes", spec.memoryBytes());
            }
            if (spec.cpus() != null) {
                limits.put("NanoCPUs", Math.round(spec.cpus() * 1_000_000_000d));
            }
        }
        ArrayNode constraints = task.putObject("Placement").putArray("Constraints");
        spec.constraints().forEach(constraints::add);
        task.putObject("RestartPolicy").put("Condition", "any").put("Delay", Duration.ofSeconds(1).toNanos());
        task.put("ForceUpdate", 0);
        root.putObject("Mode").putObject("Replicated").put("Replicas", spec.replicas());
        for (String key : List.of("UpdateConfig", "RollbackConfig")) {
            ObjectNode u = root.putObject(key);
            u.put("Parallelism", spec.parallelism());
            u.put("Delay", 0);
            u.put("FailureAction", key.equals("UpdateConfig") ? "rollback" : "pause");
            u.put("Monitor", spec.monitor().toNanos());
            u.put("MaxFailureRatio", 0);
            u.put("Order", "start-first");
        }
        // tasks are reached through the engine's own health check, never from the host (overlay addresses)
        root.putObject("EndpointSpec").put("Mode", "dnsrr");
        return root;
    }

    private static SwarmService service(JsonNode s) {
        JsonNode spec = s.path("Spec");
        Map<String, String> labels = new HashMap<>();
        spec.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        JsonNode update = s.path("UpdateStatus");
        String previous = s.path("PreviousSpec").path("TaskTemplate").path("ContainerSpec").path("Image").asText("");
        return new SwarmService(s.path("ID").asText(), spec.path("Name").asText(), s.path("Version").path("Index").asLong(),
                spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText(""), labels,
                spec.path("Mode").path("Replicated").path("Replicas").asInt(0),
                update.isMissingNode() || update.path("State").asText("").isEmpty() ? Optional.empty()
                        : Optional.of(update.path("State").asText()),
                update.path("Message").asText(""), previous.isEmpty() ? Optional.empty() : Optional.of(previous),
                Optional.ofNullable(instant(update.path("StartedAt").asText(""))));
    }

    private Optional<JsonNode> get(String path) {
        return request("GET", path, null, Msg.of("app.engine.do.read", path.replaceAll("\\?.*", "")), true);
    }

    private void send(String method, String path, JsonNode body, Text what) {
        request(method, path, body, what, false);
    }

    private Optional<JsonNode> request(String method, String path, JsonNode body, Text what, boolean missingIsEmpty) {
        DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.valueOf(method)).path(path);
        if (body != null) {
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            b.putHeader("Content-Type", "application/json").body(new ByteArrayInputStream(bytes));
        }
        if (registryAuth != null && !method.equals("GET")) {
            b.putHeader("X-Registry-Auth", registryAuth);
        }
        try (DockerHttpClient.Response r = http.execute(b.build())) {
            byte[] bytes = readBounded(r.getBody());
            if (r.getStatusCode() == 404 && missingIsEmpty) {
                return Optional.empty();
            }
            if (r.getStatusCode() / 100 != 2) {
                String msg = new String(bytes, StandardCharsets.UTF_8);
                try {
                    msg = JSON.readTree(bytes).path("message").asText(msg);
                } catch (IOException ignored) {
                    // not JSON: keep the raw text
                }
                if (r.getStatusCode() == 503 && msg.contains("swarm")) {
                    throw new RuntimeOperationException(Msg.of("app.engine.not_swarm_manager", dockerHost, msg.strip()));
                }
                throw new RuntimeOperationException(Msg.of("app.engine.refused", what, msg.strip()));
            }
            return Optional.of(bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes));
        } catch (IOException e) {
            throw new RuntimeOperationException(Msg.of("app.engine.unreadable", what, e.getMessage()), e);
        } catch (RuntimeOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RuntimeUnavailableException(dockerHost, e);
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new IOException("engine answer larger than " + MAX_BODY + " bytes");
        }
        return bytes;
    }

    /** The engine's multiplexed log stream: 8-byte frame headers (stream, 0, 0, 0, length) before each chunk. */
    static String demux(byte[] raw) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i + 8 <= raw.length && raw[i] <= 2 && raw[i + 1] == 0 && raw[i + 2] == 0 && raw[i + 3] == 0) {
            int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16) | ((raw[i + 6] & 0xff) << 8) | (raw[i + 7] & 0xff);
            int end = Math.min(raw.length, i + 8 + len);
            out.append(new String(raw, i + 8, end - i - 8, StandardCharsets.UTF_8));
            i = end;
        }
        if (i < raw.length) {
            out.append(new String(raw, i, raw.length - i, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
