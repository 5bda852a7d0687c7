package com.larkops.app;

import com.larkops.testing.FakeLark;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} against the real engine and registry and a fake Lark that knows one app secret and
 * which chats the bot is in: all fine, then one broken part at a time, each named on its own ✗ line.
 */
class DoctorIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String REPO = "doctorit/echo" + SUFFIX;
    static final String SECRET = "right-secret-" + SUFFIX;
    static FakeLark lark;
    static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        TestImages.push(TestRegistry.get().host(), REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        lark = new FakeLark();
        // Lark refuses any other secret (code 10014, as the real API answers an invalid app secret)
        lark.server().stubFor(post(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.app_secret", equalTo(SECRET)))
                .willReturn(json("{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-doctor\",\"expire\":7200}")));
        lark.server().stubFor(post(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal")).atPriority(2)
                .willReturn(json("{\"code\":10014,\"msg\":\"app secret invalid\"}")));
        lark.server().stubFor(get(urlPathEqualTo("/open-apis/im/v1/chats/oc_ops/members/is_in_chat"))
                .withHeader("Authorization", equalTo("Bearer t-doctor"))
                .willReturn(json("{\"code\":0,\"msg\":\"success\",\"data\":{\"is_in_chat\":true}}")));
        lark.server().stubFor(get(urlPathEqualTo("/open-apis/im/v1/chats/oc_elsewhere/members/is_in_chat"))
                .withHeader("Authorization", equalTo("Bearer t-doctor"))
                .willReturn(json("{\"code\":0,\"msg\":\"success\",\"data\":{\"is_in_chat\":false}}")));
        work = Files.createTempDirectory("larkops-doctor");
    }

    @AfterAll
    static void tearDown() {
        if (lark != null) {
            lark.close();
        }
    }

    @Test
    void everythingFineIsAllTicksAndExitZeroFromTheJar() throws Exception {
        Path config = config("doctor-fine", TestRegistry.get().host(), "[oc_ops]");
        Map<String, String> env = env(config);
        Result r = jar(env);
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("✓ config: " + config + " is valid (1 service(s))")
                .contains("✓ data dir: ").contains("✓ engine: ").containsPattern("API 1\\.\\d+")
                .contains("✓ network: larkops-doctor-" + SUFFIX + " does not exist yet")
                .contains("✓ registry: " + TestRegistry.get().host() + " answers")
                .contains("✓ registry " + REPO + ": 1 tag(s) listed for service echo")
                .contains("✓ lark: app cli_doctor" + SUFFIX + " got a tenant token")
                .contains("✓ chat oc_ops: the bot is a member")
                .contains("✓ events: webhook").contains("all 9 checks passed")
                .doesNotContain("✗").doesNotContain(SECRET);
    }

    @Test
    void approverGroupsAndDepartmentsAreCheckedAgainstTheContactApi() throws Exception {
        lark.server().stubFor(get(urlPathEqualTo("/open-apis/contact/v3/group/g_leads/member/simplelist"))
                .withHeader("Authorization", equalTo("Bearer t-doctor"))
                .willReturn(json("{\"code\":0,\"msg\":\"success\",\"data\":{\"memberlist\":[{\"member_id\":\"ou_g1\","
                        + "\"member_type\":\"user\",\"member_id_type\":\"open_id\"}],\"page_token\":\"\",\"has_more\":false}}")));
        lark.server().stubFor(get(urlPathEqualTo("/open-apis/contact/v3/users/find_by_department"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":40004,\"msg\":\"no dept authority error\"}")));
        Path config = config("doctor-approvers", TestRegistry.get().host(), "[oc_ops]");
        Files.writeString(config, Files.readString(config)
                + "approvals:\n  prod:\n    approvers: [ou_lead, \"group:g_leads\", \"department:od_sre\"]\n    required: 2\n");
        Report r = doctor(env(config));
        assertThat(r.line("approvers group:g_leads")).isEqualTo("✓ approvers group:g_leads: 1 user(s)");
        assertThat(r.line("approvers department:od_sre")).startsWith("✗ approvers department:od_sre: cannot list its members: HTTP 400")
                .contains("contact access to that department");
        assertThat(r.exit).isEqualTo(1);
    }

    @Test
    void engineDownIsNamedAndFails() throws Exception {
        Map<String, String> env = env(config("doctor-engine", TestRegistry.get().host(), "[oc_ops]"));
        env.put("DOCKER_HOST", "unix://" + work.resolve("no-engine.sock"));
        Report r = doctor(env);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.line("engine")).startsWith("✗ engine: ").contains("does not answer").contains("start it (deploy/setup try does)");
        assertThat(r.line("network")).startsWith("✗ network: not checked: the engine does not answer");
        assertThat(r.line("registry")).startsWith("✓ ");
        assertThat(r.line("lark")).startsWith("✓ ");
    }

    @Test
    void aSharedPostgresStoreIsCheckedAndAWrongPasswordNamedWithoutEchoingIt() throws Exception {
        String url = com.larkops.testing.TestPostgres.get().newDatabase();
        Map<String, String> env = env(config("doctor-pg", TestRegistry.get().host(), "[oc_ops]"));
        env.put("LARKOPS_DATABASE_URL", url);
        Report ok = doctor(env);
        assertThat(ok.line("database")).startsWith("✓ database: postgresql://larkops@127.0.0.1:").contains("answers")
                .doesNotContain(com.larkops.testing.TestPostgres.PASSWORD);

        env.put("LARKOPS_DATABASE_URL", url.replace(com.larkops.testing.TestPostgres.PASSWORD, "wrong-pw-7"));
        Report bad = doctor(env);
        assertThat(bad.exit).isEqualTo(1);
        assertThat(bad.line("database")).startsWith("✗ database: ").contains("LARKOPS_DATABASE_URL").doesNotContain("wrong-pw-7");
    }

    @Test
    void registryDownIsNamedAndFails() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Report r = doctor(env(config("doctor-registry", "127.0.0.1:" + closed, "[oc_ops]")));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.line("registry")).startsWith("✗ registry: ").contains("127.0.0.1:" + closed);
        assertThat(r.line("engine")).startsWith("✓ ");
    }

    @Test
    void aWrongLarkSecretIsRefusedAndNamed() throws Exception {
        Map<String, String> env = env(config("doctor-secret", TestRegistry.get().host(), "[oc_ops]"));
        env.put("LARK_APP_SECRET", "wrong-secret");
        Report r = doctor(env);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.line("lark")).startsWith("✗ lark: ").contains("refused app cli_doctor" + SUFFIX)
                .contains("code 10014: app secret invalid").contains("LARK_APP_SECRET").doesNotContain("wrong-secret");
        assertThat(r.out).doesNotContain("✓ chat");
    }

    @Test
    void aChatWithoutTheBotIsNamedAndFails() throws Exception {
        Report r = doctor(env(config("doctor-chat", TestRegistry.get().host(), "[oc_ops, oc_elsewhere]")));
        assertThat(r.exit).as(r.out).isEqualTo(1);
        assertThat(r.line("chat oc_ops")).startsWith("✓ ");
        assertThat(r.line("chat oc_elsewhere")).startsWith("✗ chat oc_elsewhere: the bot is not a member");
        assertThat(r.out).contains("1 of 10 checks failed");
    }

    @Test
    void aManagedBotsServiceNamesItsLoopbackRegistryAndAMissingEnvFile() throws Exception {
        Path config = config("doctor-bot", TestRegistry.get().host(), "[oc_ops]");
        Path missing = work.resolve("no-such.env");
        Files.writeString(config, Files.readString(config) + "    env_file: " + missing + "\n"
                + "    volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]\n");
        Report r = doctor(env(config));
        assertThat(r.exit).as(r.out).isEqualTo(1);
        assertThat(r.line("env file echo")).isEqualTo("✗ env file echo: env file " + missing
                + " of service echo does not exist on the bot's filesystem"
                + (Surroundings.inContainer() ? ": mount it into the bot's container at the same path (volumes: [\"" + missing + ":"
                + missing + ":ro\"])" : ": create it, or fix services.echo.env_file"));
        assertThat(r.line("registry for echo")).startsWith("✗ registry for echo: registry " + TestRegistry.get().host()
                + " is loopback: a bot in a container cannot reach it");
        // this process reaches the registry itself
        assertThat(r.line("registry")).startsWith("✓ ");
    }

    // --- helpers ---

    record Report(int exit, String out) {
        String line(String check) {
            return out.lines().filter(l -> l.startsWith("✓ " + check + ":") || l.startsWith("✗ " + check + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + check + "' line in:\n" + out));
        }
    }

    record Result(int exit, String out) {
    }

    static Path config(String name, String registry, String chats) throws Exception {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                registry: %s
                chats: %s
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: larkops-doctor-%s
                services:
                  echo:
                    repository: %s
                """.formatted(registry, chats, SUFFIX, REPO));
        return file;
    }

    static Map<String, String> env(Path config) {
        Map<String, String> env = new HashMap<>();
        env.put("LARKOPS_CONFIG", config.toString());
        env.put("LARKOPS_DATA_DIR", work.resolve("data").toString());
        env.put("LARK_APP_ID", "cli_doctor" + SUFFIX);
        env.put("LARK_APP_SECRET", SECRET);
        env.put("LARK_VERIFICATION_TOKEN", "vt");
        env.put("LARK_ENCRYPT_KEY", "ek");
        env.put("LARK_BASE_URL", lark.baseUrl());
        return env;
    }

    static Report doctor(Map<String, String> env) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Doctor.run(env, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Report(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The jar in a subprocess with only {@code env} (plus PATH), stdin closed, no locale set. */
    static Result jar(Map<String, String> env) throws Exception {
        List<String> cmd = com.larkops.testing.BotJar.command("doctor");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        String path = pb.environment().get("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }
}
