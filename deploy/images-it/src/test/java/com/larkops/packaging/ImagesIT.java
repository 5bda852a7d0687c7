package com.larkops.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the bot and echo-skill images from deploy/*.Dockerfile on the real engine, with local bases
 * (deploy/testing/local-bases: debootstrap once per machine), and checks what an operator relies on:
 * non-root, the endpoints answer, OCI labels set, no secrets in metadata, and the size the jlink stage saves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "0.1.0-it";
    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

    private final Path repo = Path.of("../..").toAbsolutePath().normalize();
    private final DockerCli docker = new DockerCli(repo);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String botImage = "larkops-it/bot:" + suffix;
    private final String echoImage = "larkops-it/skill-echo:" + suffix;
    private final String fatImage = "larkops-it/bot-fat:" + suffix;
    private final List<String> containers = new ArrayList<>();
    private String jdkBase;
    private String runtimeBase;

    @BeforeAll
    void buildImages() {
        for (String jar : List.of("bot/target/larkops-bot.jar", "skills/echo/target/skill-echo.jar")) {
            assertThat(repo.resolve(jar)).as("built by mvn package before this test").exists();
        }
        String[] bases = docker.run("deploy/testing/local-bases").strip().split("\n");
        runtimeBase = bases[bases.length - 2].strip();
        jdkBase = bases[bases.length - 1].strip();
        build(botImage, "deploy/bot.Dockerfile");
        build(echoImage, "deploy/skill.Dockerfile", "--build-arg", "SKILL=echo");
        build(fatImage, "deploy/testing/bot-fat.Dockerfile");
    }

    private void build(String tag, String dockerfile, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("docker", "build", "-q", "--force-rm", "-f", dockerfile, "-t", tag,
                "--build-arg", "JDK_BASE=" + jdkBase, "--build-arg", "RUNTIME_BASE=" + runtimeBase,
                "--build-arg", "VERSION=" + VERSION, "--build-arg", "REVISION=" + REVISION,
                "--build-arg", "CREATED=" + Instant.now(), "--build-arg", "SOURCE=https://example.invalid/larkops"));
        cmd.addAll(List.of(extra));
        cmd.add(".");
        long start = System.nanoTime();
        docker.run(cmd.toArray(String[]::new));
        System.out.printf("[images] built %s from %s in %d s%n", tag, dockerfile, Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    @AfterAll
    void removeEverything() {
        for (String c : containers) {
            docker.tryRun("docker", "rm", "-f", "-v", c);
        }
        docker.tryRun("docker", "rmi", "-f", botImage, echoImage, fatImage);
        // The jlink stages are dangling images derived from the test JDK base (it carries this label).
        docker.tryRun("docker", "image", "prune", "-f", "--filter", "label=larkops.test-base=jdk");
    }

    @Test
    void imagesRunAsANonRootUser() {
        for (String image : List.of(botImage, echoImage)) {
            String user = docker.inspect("{{.Config.User}}", image);
            assertThat(user).as(image + " USER").isNotBlank().doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
            String uid = docker.run("docker", "run", "--rm", "--entrypoint", "id", image, "-u").strip();
            assertThat(uid).as(image + " id -u").isNotEqualTo("0");
        }
    }

    @Test
    void skillAnswersTheContract() throws Exception {
        String port = runDetached(echoImage);
        String base = "http://127.0.0.1:" + port;
        awaitStatus(base + "/healthz", 200);
        JsonNode info = JSON.readTree(get(base + "/info").body());
        assertThat(info.get("name").asText()).isEqualTo("echo");
        assertThat(info.get("version").asText()).isEqualTo("0.1.0"); // from the jar manifest, i.e. the POM
        assertThat(info.get("commands").toString()).isEqualTo("[\"echo\"]");
        String body = "{\"text\":\"hello\",\"user\":\"ou_1\",\"chat\":\"oc_1\",\"message_id\":\"om_1\",\"flags\":{\"shout\":true}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/invoke"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("text").asText()).isEqualTo("echo: HELLO");
    }

    @Test
    void botStartsWithRuntimeSecretsOnlyAndIsHealthy() throws Exception {
        Path dir = Files.createTempDirectory("larkops-images-it");
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, "registry: 127.0.0.1:5000\nchats: []\nroles:\n  deployers: []\n  approvers: []\nservices: {}\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Path envFile = dir.resolve("larkops.env");
        Files.writeString(envFile, "LARK_APP_ID=cli_it_" + suffix + "\nLARK_APP_SECRET=dummy-secret\n"
                + "LARK_VERIFICATION_TOKEN=dummy-token\nLARK_ENCRYPT_KEY=dummy-key\nLARK_BASE_URL=http://127.0.0.1:9\n");
        String socketGroup = Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid").toString();
        String port = runDetached(botImage, "--env-file", envFile.toString(), "--group-add", socketGroup,
                "-v", "/var/run/docker.sock:/var/run/docker.sock",
                "-v", config + ":/etc/larkops/larkops.yaml:ro");
        HttpResponse<String> health = awaitStatus("http://127.0.0.1:" + port + "/healthz", 200);
        assertThat(health.body()).contains("store: ok").contains("docker: ok");

        // deploy/compose.yaml's healthcheck must work inside this image (it has no curl).
        List<String> exec = new ArrayList<>(List.of("docker", "exec", containers.get(containers.size() - 1)));
        composeHealthcheck().forEach(exec::add);
        assertThat(docker.tryRun(exec.toArray(String[]::new)).exit()).as("compose healthcheck exit code").isZero();
    }

    /** services.bot.healthcheck.test of deploy/compose.yaml, without its leading "CMD". */
    private List<String> composeHealthcheck() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(repo.resolve("deploy/compose.yaml").toFile());
        JsonNode test = compose.path("services").path("bot").path("healthcheck").path("test");
        assertThat(test.path(0).asText()).isEqualTo("CMD");
        List<String> words = new ArrayList<>();
        for (int i = 1; i < test.size(); i++) {
            words.add(test.get(i).asText());
        }
        return words;
    }

    @Test
    void imagesCarryOciLabels() throws Exception {
        for (String image : List.of(botImage, echoImage)) {
            JsonNode labels = JSON.readTree(docker.inspect("{{json .Config.Labels}}", image));
            assertThat(labels.path("org.opencontainers.image.version").asText()).as(image).isEqualTo(VERSION);
            assertThat(labels.path("org.opencontainers.image.revision").asText()).as(image).isEqualTo(REVISION);
            assertThat(labels.path("org.opencontainers.image.source").asText()).as(image).isEqualTo("https://example.invalid/larkops");
            assertThat(Instant.parse(labels.path("org.opencontainers.image.created").asText())).as(image).isBefore(Instant.now());
        }
        assertThat(docker.inspect("{{index .Config.Labels \"org.opencontainers.image.title\"}}", echoImage)).isEqualTo("larkops-skill-echo");
    }

    @Test
    void noSecretLookingValuesInConfigOrHistory() throws Exception {
        for (String image : List.of(botImage, echoImage)) {
            List<String> metadata = new ArrayList<>();
            JSON.readTree(docker.inspect("{{json .Config.Env}}", image)).forEach(e -> metadata.add(e.asText()));
            JSON.readTree(docker.inspect("{{json .Config.Labels}}", image)).fields()
                    .forEachRemaining(e -> metadata.add(e.getKey() + "=" + e.getValue().asText()));
            metadata.addAll(List.of(docker.run("docker", "history", "--no-trunc", "--format", "{{.CreatedBy}}", image).split("\n")));
            assertThat(metadata).as(image + " metadata").hasSizeGreaterThan(10);
            assertThat(SecretLook.find(metadata)).as(image + " secret-looking metadata").isEmpty();
        }
    }

    @Test
    void jlinkRuntimeIsSmallerThanTheJdkImage() {
        long runtime = docker.imageSize(botImage);
        long fat = docker.imageSize(fatImage);
        long skill = docker.imageSize(echoImage);
        long base = docker.imageSize(runtimeBase);
        System.out.printf("[images] sizes (docker inspect .Size): base %s, bot %s (jlink, multi-stage), bot-fat %s (full JDK, single stage), skill-echo %s%n",
                mb(base), mb(runtime), mb(fat), mb(skill));
        assertThat(runtime).isLessThan(fat);
        assertThat(skill).isLessThan(runtime);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    /** Starts a container with its port 8080 on a free loopback port; returns that port. */
    private String runDetached(String image, String... options) {
        String name = "larkops-it-" + suffix + "-" + containers.size();
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "-p", "127.0.0.1::8080"));
        cmd.addAll(List.of(options));
        cmd.add(image);
        containers.add(name);
        docker.run(cmd.toArray(String[]::new));
        String mapping = docker.run("docker", "port", name, "8080/tcp").strip().split("\n")[0];
        return mapping.substring(mapping.lastIndexOf(':') + 1);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the URL answers {@code status}; generous, the machine is shared. */
    private HttpResponse<String> awaitStatus(String url, int status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> r = get(url);
                if (r.statusCode() == status) {
                    return r;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " did not answer " + status + " within 90 s; last: " + last + "\n" + logsOfAll());
    }

    private String logsOfAll() {
        StringBuilder sb = new StringBuilder();
        for (String c : containers) {
            sb.append("--- ").append(c).append('\n').append(docker.tryRun("docker", "logs", "--tail", "50", c).output());
        }
        return sb.toString();
    }
}
