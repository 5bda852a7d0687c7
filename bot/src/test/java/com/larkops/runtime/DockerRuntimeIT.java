package com.larkops.runtime;

import com.larkops.model.ServiceName;
import com.larkops.testing.Poll;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter against the real engine and a real registry. Every object created here is named ittest-… and removed. */
class DockerRuntimeIT {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String REPO = "ittest/runtime-" + SUFFIX;
    private static final String HEALTHCHECK =
            "HEALTHCHECK --interval=1s CMD [\"/bin/busybox\",\"wget\",\"-qO-\",\"http://127.0.0.1:8080/healthz\"]";

    private static DockerRuntime runtime;
    private static String registry;
    private static String healthy;
    private static String healthyV2;
    private static String broken;
    private static String crashing;
    private static String withHealthcheck;

    private final List<String> containers = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();

    @BeforeAll
    static void pushImages() {
        runtime = DockerRuntime.fromEnvironment();
        runtime.ping();
        registry = TestRegistry.get().host();
        healthy = ref(TestImages.push(registry, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY));
        healthyV2 = ref(TestImages.push(registry, REPO, "2.0.0", "2.0.0", TestImages.Kind.HEALTHY));
        broken = ref(TestImages.push(registry, REPO, "broken", "3.0.0", TestImages.Kind.BROKEN));
        crashing = ref(TestImages.push(registry, REPO, "crashing", "4.0.0", TestImages.Kind.CRASHING));
        withHealthcheck = ref(TestImages.push(registry, REPO, "checked", "5.0.0", TestImages.Kind.HEALTHY, HEALTHCHECK));
    }

    @AfterAll
    static void removeImages() {
        for (String image : new String[] {healthy, healthyV2, broken, crashing, withHealthcheck}) {
            if (image != null) {
                dockerQuietly("image", "rm", "-f", imageId(image));
            }
        }
        runtime.close();
    }

    @AfterEach
    void removeContainersAndNetworks() {
        containers.forEach(runtime::remove);
        networks.forEach(n -> dockerQuietly("network", "rm", n));
    }

    @Test
    void pullsByDigestAfterTheLocalCopyIsGone() {
        String digest = healthyV2.substring(healthyV2.indexOf('@') + 1);
        docker("image", "rm", "-f", imageId(healthyV2));
        assertThat(runtime.hasImage(healthyV2)).isFalse();

        runtime.pull(healthyV2);

        assertThat(runtime.hasImage(healthyV2)).isTrue();
        assertThat(docker("image", "inspect", "--format", "{{json .RepoDigests}}", healthyV2)).contains(digest);
        runtime.pull(healthyV2); // present: a no-op
    }

    @Test
    void pullOfAnUnknownDigestSaysSo() {
        String missing = registry + "/" + REPO + "@sha256:" + "0".repeat(64);
        assertThatThrownBy(() -> runtime.pull(missing))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("no such image")
                .satisfies(e -> System.out.println("[runtime IT] missing digest: " + e.getMessage()));

        String unknownRepository = registry + "/ittest/nothing-here-" + SUFFIX + "@sha256:" + "0".repeat(64);
        assertThatThrownBy(() -> runtime.pull(unknownRepository)).isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void createdContainerCarriesLabelsEnvAndLimitsAndRunsAfterStart() {
        String network = network();
        String name = name("labels");
        ContainerSpec spec = new ContainerSpec(name, healthy,
                Map.of("larkops.service", "ittest-" + SUFFIX, "larkops.env", "staging", "larkops.digest", digestOf(healthy)),
                List.of("GREETING=hello", "API_TOKEN=ittest-secret-value"), network, List.of("svc"),
                64L * 1024 * 1024, 0.5, "unless-stopped");

        String id = create(spec);
        ContainerState created = runtime.inspect(id).orElseThrow();
        assertThat(created.running()).isFalse();
        assertThat(created.status()).isEqualTo("created");
        assertThat(created.exitCode()).isNull();
        assertThat(created.startedAt()).isNull();

        runtime.start(id);
        runtime.start(id); // already running: a no-op

        ContainerState state = runtime.inspect(name).orElseThrow();
        assertThat(state.id()).isEqualTo(id);
        assertThat(state.name()).isEqualTo(name);
        assertThat(state.running()).isTrue();
        assertThat(state.image()).isEqualTo(healthy);
        assertThat(state.imageId()).isEqualTo(imageId(healthy));
        assertThat(state.labels()).containsEntry("larkops.env", "staging").containsEntry("larkops.digest", digestOf(healthy));
        assertThat(state.health()).isNull();
        assertThat(state.startedAt()).isNotNull();
        assertThat(docker("inspect", "--format", "{{json .Config.Env}}", id)).contains("GREETING=hello", "API_TOKEN=ittest-secret-value");
        assertThat(docker("inspect", "--format",
                "{{.HostConfig.Init}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", id).trim())
                .isEqualTo("true unless-stopped 67108864 500000000");
    }

    @Test
    void aSecondCreateUnderTheSameNameFailsWithoutLeakingEnv() {
        String name = name("twice");
        ContainerSpec spec = new ContainerSpec(name, healthy, Map.of("larkops.service", "ittest-" + SUFFIX),
                List.of("API_TOKEN=ittest-secret-value"), null, null, null, null, null);
        create(spec);

        assertThatThrownBy(() -> runtime.create(spec))
                .isInstanceOf(RuntimeOperationException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("already in use")
                .hasMessageNotContaining("ittest-secret-value");
    }

    @Test
    void aliasResolvesToItsContainerAndMovesWithDisconnectAndConnect() {
        String network = network();
        String v1 = create(spec(name("alias-v1"), healthy, network, List.of("svc")));
        String v2 = create(spec(name("alias-v2"), healthyV2, network, List.of()));
        runtime.start(v1);
        runtime.start(v2);

        // the alias given at creation works on this engine
        assertThat(fetchOn(network, "http://svc:8080/version")).isEqualTo("1.0.0");

        // cut-over: the old one leaves, the new one joins again under the alias
        runtime.disconnect(v2, network);
        runtime.connect(v2, network, List.of("svc"));
        runtime.disconnect(v1, network);
        assertThat(fetchOn(network, "http://svc:8080/version")).isEqualTo("2.0.0");

        // the old one back on the network without the alias does not take traffic
        runtime.connect(v1, network, List.of());
        assertThat(runtime.ipOn(v1, network)).isPresent();
        assertThat(fetchOn(network, "http://svc:8080/version")).isEqualTo("2.0.0");
        assertThat(runtime.ipOn(v1, "no-such-network-" + SUFFIX)).isEmpty();
        assertThat(runtime.ipOn("ittest-missing-" + SUFFIX, network)).isEmpty();
    }

    @Test
    void httpProbeSeesHealthyAndBrokenServices() {
        String network = network();
        String good = create(spec(name("good"), healthy, network, List.of()));
        String bad = create(spec(name("bad"), broken, network, List.of()));
        runtime.start(good);
        runtime.start(bad);
        HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(1));
        String goodIp = runtime.ipOn(good, network).orElseThrow();
        String badIp = runtime.ipOn(bad, network).orElseThrow();

        Poll.until("the good container answers /healthz", Duration.ofSeconds(15), () -> probe.isHealthy(goodIp, 8080, "/healthz"));
        // the broken one does serve, so its false below is its missing /healthz, not a slow start
        Poll.until("the bad container answers /version", Duration.ofSeconds(15), () -> probe.isHealthy(badIp, 8080, "/version"));
        assertThat(probe.isHealthy(badIp, 8080, "/healthz")).isFalse();
    }

    @Test
    void crashingContainerShowsItsExitCodeAndLogs() {
        String id = create(spec(name("crash"), crashing, null, List.of()));
        runtime.start(id);

        Poll.until("the container stopped", Duration.ofSeconds(20), () -> !runtime.inspect(id).orElseThrow().running());
        ContainerState state = runtime.inspect(id).orElseThrow();
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.finishedAt()).isNotNull();
        assertThat(state.oomKilled()).isFalse();
        assertThat(runtime.logTail(id, 20)).contains("starting");
    }

    @Test
    void imageHealthcheckTurnsHealthy() {
        assertThat(runtime.imageHasHealthcheck(withHealthcheck)).isTrue();
        assertThat(runtime.imageHasHealthcheck(healthy)).isFalse();

        String id = create(spec(name("checked"), withHealthcheck, null, List.of()));
        long started = System.nanoTime();
        runtime.start(id);
        assertThat(runtime.inspect(id).orElseThrow().health()).isIn("starting", "healthy");

        Poll.until("the engine's health check healthy", Duration.ofSeconds(30), () -> "healthy".equals(runtime.inspect(id).orElseThrow().health()));
        System.out.printf("[runtime IT] start to healthy (HEALTHCHECK --interval=1s): %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void stopWithGraceReturnsFastThanksToInit() {
        String network = network();
        String id = create(spec(name("stop"), healthy, network, List.of()));
        runtime.start(id);
        // a signal that reaches PID 1 before the init has set up its handlers is ignored (the grace then runs
        // out): stop once the service answers, which is when larkops stops a container too
        String ip = runtime.ipOn(id, network).orElseThrow();
        HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(1));
        Poll.until("the container answers /healthz", Duration.ofSeconds(15), () -> probe.isHealthy(ip, 8080, "/healthz"));

        long started = System.nanoTime();
        runtime.stop(id, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[runtime IT] stop with 10 s grace returned after %d ms%n", millis);

        assertThat(millis).isLessThan(3000);
        assertThat(runtime.inspect(id).orElseThrow().running()).isFalse();
        runtime.stop(id, Duration.ofSeconds(10)); // already stopped: a no-op
    }

    @Test
    void listManagedSeesRunningAndStoppedButNotUnlabelled() {
        String running = create(spec(name("list-running"), healthy, null, List.of()));
        String stopped = create(spec(name("list-stopped"), healthy, null, List.of()));
        runtime.start(running);
        runtime.start(stopped);
        runtime.stop(stopped, Duration.ofSeconds(5));
        String unlabelled = docker("create", "--name", name("unlabelled"), healthy).trim();
        containers.add(unlabelled);

        List<ContainerState> managed = runtime.listManaged();

        assertThat(managed).extracting(ContainerState::id).contains(running, stopped).doesNotContain(unlabelled);
        assertThat(managed).filteredOn(s -> s.id().equals(stopped)).singleElement().satisfies(s -> assertThat(s.running()).isFalse());
        assertThat(managed).filteredOn(s -> s.id().equals(running)).singleElement().satisfies(s -> assertThat(s.running()).isTrue());
        assertThat(managed).allSatisfy(s -> assertThat(s.labels()).containsKey("larkops.service"));
    }

    @Test
    void listManagedOfAServiceAndEnvHasOnlyThoseRunningOrStopped() {
        String service = "ittest-svc-" + SUFFIX;
        String stagingName = name("staging");
        String staging = create(labelled(stagingName, service, "staging"));
        String stagingStopped = create(labelled(name("staging-stopped"), service, "staging"));
        String prod = create(labelled(name("prod"), service, "prod"));
        String other = create(labelled(name("other"), service + "x", "staging"));
        runtime.start(staging);

        List<ContainerState> mine = runtime.listManaged(new ServiceName(service), com.larkops.model.Env.STAGING);

        assertThat(mine).extracting(ContainerState::id).containsExactlyInAnyOrder(staging, stagingStopped)
                .doesNotContain(prod, other);
        assertThat(mine).filteredOn(s -> s.id().equals(staging)).singleElement().satisfies(s -> {
            assertThat(s.running()).isTrue();
            assertThat(s.name()).isEqualTo(stagingName);
            assertThat(s.label("larkops.env")).isEqualTo("staging");
            assertThat(s.created()).isNotNull();
            assertThat(s.startedAt()).isNull(); // one listing, no inspect: times are left to inspect()
        });
        assertThat(mine).filteredOn(s -> s.id().equals(stagingStopped)).singleElement()
                .satisfies(s -> assertThat(s.running()).isFalse());
    }

    private static ContainerSpec labelled(String name, String service, String env) {
        return new ContainerSpec(name, healthy, Map.of("larkops.service", service, "larkops.env", env), List.of(), null, List.of(),
                null, null, "no");
    }

    @Test
    void removeImageRefusesWhileAContainerUsesIt() {
        String image = ref(TestImages.push(registry, REPO, "prunable", "6.0.0", TestImages.Kind.HEALTHY));
        docker("image", "rm", "-f", imageId(image));
        runtime.pull(image); // only the digest reference, as on the host
        String id = create(spec(name("user"), image, null, List.of()));

        assertThatThrownBy(() -> runtime.removeImage(image))
                .isInstanceOf(RuntimeOperationException.class)
                .hasMessageContaining("in use");
        assertThat(runtime.hasImage(image)).isTrue();

        runtime.remove(id);
        runtime.removeImage(image);
        assertThat(runtime.hasImage(image)).isFalse();
        runtime.removeImage(image); // gone already: a no-op
    }

    @Test
    void missingThingsAreEmptyOrNoOps() {
        assertThat(runtime.inspect("ittest-missing-" + SUFFIX)).isEmpty();
        runtime.remove("ittest-missing-" + SUFFIX);
        assertThatThrownBy(() -> runtime.start("ittest-missing-" + SUFFIX))
                .isInstanceOf(RuntimeOperationException.class)
                .hasMessageContaining("No such container");
    }

    @Test
    void ensureNetworkIsIdempotentAndExact() {
        String network = network();
        runtime.ensureNetwork(network);
        assertThat(docker("network", "inspect", "--format", "{{.Driver}}", network).trim()).isEqualTo("bridge");

        // a name that is a prefix of an existing one must still be created
        String prefix = network.substring(0, network.length() - 2);
        networks.add(prefix);
        runtime.ensureNetwork(prefix);
        assertThat(docker("network", "inspect", "--format", "{{.Name}}", prefix).trim()).isEqualTo(prefix);
    }

    // --- helpers

    private String create(ContainerSpec spec) {
        String id = runtime.create(spec);
        containers.add(id);
        return id;
    }

    private String network() {
        String name = name("net");
        networks.add(name);
        runtime.ensureNetwork(name);
        return name;
    }

    private static ContainerSpec spec(String name, String image, String network, List<String> aliases) {
        return new ContainerSpec(name, image, Map.of("larkops.service", "ittest-" + SUFFIX), List.of(), network, aliases,
                null, null, "no");
    }

    /** What a client container on the network gets from the URL, the way another service would call it. */
    private static String fetchOn(String network, String url) {
        return docker("run", "--rm", "--network", network, "--label", "ittest=" + SUFFIX, "--entrypoint", "/bin/busybox",
                healthy, "wget", "-qO-", url).trim(); // busybox 1.35's wget segfaults with -T
    }

    private static String name(String what) {
        return "ittest-" + what + "-" + SUFFIX + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    private static String ref(String digest) {
        return registry + "/" + REPO + "@" + digest;
    }

    private static String digestOf(String ref) {
        return ref.substring(ref.indexOf('@') + 1);
    }

    private static String imageId(String ref) {
        return docker("image", "inspect", "--format", "{{.Id}}", ref).trim();
    }

    private static String docker(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        return TestImages.run(null, command);
    }

    private static void dockerQuietly(String... args) {
        try {
            docker(args);
        } catch (RuntimeException e) {
            // best-effort cleanup
        }
    }

}
