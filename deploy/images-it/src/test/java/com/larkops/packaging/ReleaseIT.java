package com.larkops.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs deploy/release for the echo skill as an operator would, in a throw-away git checkout holding this
 * repository's deploy/ files and the prebuilt jar, against a real loopback registry. The bases are the
 * local test bases pushed to that registry, so they can be pinned by digest as the script demands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseIT {
    private final Path repo = Path.of("../..").toAbsolutePath().normalize();
    private final DockerCli docker = new DockerCli(repo);
    private final List<String> localTags = new ArrayList<>();
    private LoopbackRegistry registry;
    private Path checkout;
    private DockerCli inCheckout;
    private String jdkBase;
    private String runtimeBase;

    @BeforeAll
    void setUp() throws Exception {
        registry = LoopbackRegistry.start();
        String[] bases = docker.run("deploy/testing/local-bases").strip().split("\n");
        runtimeBase = pushPinned(bases[bases.length - 2].strip(), "base/debian");
        jdkBase = pushPinned(bases[bases.length - 1].strip(), "base/jdk17");

        checkout = Files.createTempDirectory("larkops-release-checkout");
        for (String file : List.of("pom.xml", ".gitignore", ".dockerignore", "skills/echo/pom.xml",
                "deploy/release", "deploy/skill.Dockerfile", "deploy/bot.Dockerfile", "skills/echo/target/skill-echo.jar",
                "deploy/sigstore/package.json", "deploy/sigstore/package-lock.json", "deploy/sigstore/sign.js")) {
            Path to = checkout.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(repo.resolve(file), to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        inCheckout = new DockerCli(checkout);
        inCheckout.run("git", "init", "-q");
        inCheckout.run("git", "add", ".");
        inCheckout.run("git", "-c", "user.name=it", "-c", "user.email=it@example.invalid", "commit", "-q", "-m", "release me");
        inCheckout.run("git", "remote", "add", "origin", "https://deployer:hunter2@git.example.invalid/larkops.git");
    }

    /** Pushes a local image to the loopback registry; returns it as name@sha256:… */
    private String pushPinned(String local, String repository) {
        String ref = registry.host() + "/" + repository + ":it";
        docker.run("docker", "tag", local, ref);
        localTags.add(ref);
        docker.run("docker", "push", "-q", ref);
        String digest = docker.inspect("{{range .RepoDigests}}{{println .}}{{end}}", ref).lines()
                .filter(l -> l.startsWith(registry.host() + "/" + repository + "@")).findFirst().orElseThrow();
        return digest.strip();
    }

    @AfterAll
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
        String sha = inCheckout == null ? "" : inCheckout.run("git", "rev-parse", "--short=7", "HEAD").strip();
        for (String tag : List.of("0.1.0_git." + sha, "0.1.0")) {
            localTags.add(registry.host() + "/skills/echo:" + tag);
        }
        docker.tryRun(concat(List.of("docker", "rmi", "-f"), localTags));
        docker.tryRun("docker", "image", "prune", "-f", "--filter", "label=larkops.test-base=jdk");
    }

    /** A commit of its own, so each releasing test has an immutable tag no other test released (any order). */
    private void newCommit(String message) throws Exception {
        Files.writeString(checkout.resolve("skills/echo/CHANGES"), message + "\n");
        inCheckout.run("git", "add", ".");
        inCheckout.run("git", "-c", "user.name=it", "-c", "user.email=it@example.invalid", "commit", "-q", "-m", message);
        localTags.add(registry.host() + "/skills/echo:0.1.0_git." + inCheckout.run("git", "rev-parse", "--short=7", "HEAD").strip());
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private DockerCli.Result release(String jdk, String runtime, String... more) {
        List<String> cmd = new ArrayList<>(List.of("env", "JDK_BASE=" + jdk, "RUNTIME_BASE=" + runtime,
                "deploy/release", "--skill", "echo", "--registry", registry.host(), "--no-maven"));
        cmd.addAll(List.of(more));
        return inCheckout.tryRun(cmd.toArray(String[]::new));
    }

    /**
     * With --sign-key and no cosign on the machine, the release signs through Sigstore's JS libraries
     * (deploy/sigstore); the bundle it attached is then read back from the registry and accepted by
     * @sigstore/verify for exactly the released digest, and refused for another key.
     */
    @Test
    void signsThePushedDigestWhenGivenAKey() throws Exception {
        Assumptions.assumeTrue(docker.tryRun("sh", "-c", "command -v cosign").exit() != 0,
                "cosign is installed: release would sign with it, which this test does not check");
        inCheckout.run("npm", "ci", "--prefix", "deploy/sigstore", "--no-audit", "--no-fund");
        Path keys = Files.createTempDirectory("larkops-release-keys");
        for (String name : List.of("release", "other")) {
            inCheckout.run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", keys.resolve(name + ".key").toString());
            inCheckout.run("openssl", "pkey", "-in", keys.resolve(name + ".key").toString(), "-pubout",
                    "-out", keys.resolve(name + ".pub").toString());
        }
        newCommit("sign me");

        DockerCli.Result r = release(jdkBase, runtimeBase, "--sign-key", keys.resolve("release.key").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("with Sigstore's JS libraries");
        String digest = r.output().strip().lines().reduce((a, b) -> b).orElseThrow();

        Path bundle = keys.resolve("bundle.json");
        Files.write(bundle, registry.referrerBlob("skills/echo", digest));
        assertThat(inCheckout.run("node", "deploy/sigstore/sign.js", "verify", "--bundle", bundle.toString(),
                "--key", keys.resolve("release.pub").toString(), "--digest", digest).strip()).isEqualTo("accepted");
        assertThat(inCheckout.run("node", "deploy/sigstore/sign.js", "verify", "--bundle", bundle.toString(),
                "--key", keys.resolve("other.pub").toString(), "--digest", digest)).startsWith("refused");
    }

    @Test
    void releasesByDigestWithBothTagsThenRefusesToOverwriteTheImmutableTag() throws Exception {
        newCommit("release me again");
        DockerCli.Result first = release(jdkBase, runtimeBase);
        assertThat(first.exit()).as(first.output()).isZero();
        String digest = first.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");

        String sha7 = inCheckout.run("git", "rev-parse", "--short=7", "HEAD").strip();
        assertThat(registry.digestOf("skills/echo", "0.1.0_git." + sha7)).isEqualTo(digest);
        assertThat(registry.digestOf("skills/echo", "0.1.0")).isEqualTo(digest);

        String image = registry.host() + "/skills/echo@" + digest;
        assertThat(docker.inspect("{{index .Config.Labels \"org.opencontainers.image.revision\"}}", image))
                .isEqualTo(inCheckout.run("git", "rev-parse", "HEAD").strip());
        assertThat(docker.inspect("{{index .Config.Labels \"org.opencontainers.image.source\"}}", image))
                .as("credentials stripped from the remote URL").isEqualTo("https://git.example.invalid/larkops.git");

        DockerCli.Result again = release(jdkBase, runtimeBase);
        assertThat(again.exit()).isNotZero();
        assertThat(again.output()).contains("exists already");
    }

    @Test
    void refusesToGoOnWhenItCannotProveTheImmutableTagIsAbsent() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        DockerCli.Result r = inCheckout.tryRun("env", "JDK_BASE=" + jdkBase, "RUNTIME_BASE=" + runtimeBase,
                "deploy/release", "--skill", "echo", "--registry", "127.0.0.1:" + closed, "--no-maven");
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("cannot tell whether").contains("nothing was pushed").doesNotContain("building");
    }

    @Test
    void refusesAnUnpinnedBase() {
        DockerCli.Result r = release("larkops-test/jdk17", runtimeBase);
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("JDK_BASE=larkops-test/jdk17 is not pinned by digest");
    }

    @Test
    void refusesADirtyTree() throws Exception {
        Path stray = checkout.resolve("notes.txt");
        Files.writeString(stray, "not committed");
        try {
            DockerCli.Result r = release(jdkBase, runtimeBase);
            assertThat(r.exit()).isNotZero();
            assertThat(r.output()).contains("uncommitted or untracked changes");
        } finally {
            Files.delete(stray);
        }
    }
}
