package com.larkops.tryit;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.testing.DockerCli;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The try-it mode as a newcomer uses it: typed lines in, terminal text out, with the real bot, the real
 * engine and a real registry; only Lark's cloud is the in-process {@link LocalLark}.
 */
class TryItIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "try" + SUFFIX;
    static final String REPO = "tryit/echo" + SUFFIX;
    static final String NETWORK = "larkops-try-" + SUFFIX;
    static String v1;
    static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        String host = TestRegistry.get().host();
        v1 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        work = Files.createTempDirectory("larkops-try");
        Files.writeString(work.resolve("larkops.yaml"), """
                registry: %s
                chats: [oc_tryit]
                roles:
                  deployers: [ou_you]
                  approvers: [ou_lead]
                network: %s
                services:
                  %s:
                    repository: %s
                    port: 8080
                    health: /healthz
                    soak: 1s
                    health_timeout: 20s
                """.formatted(host, NETWORK, SERVICE, REPO));
    }

    @AfterAll
    static void tearDown() {
        DockerCli.removeService(SERVICE, NETWORK);
        DockerCli.removeService(PIPED, NETWORK);
        DockerCli.removeService(CHINESE, NETWORK);
    }

    static final String PIPED = "piped" + SUFFIX;
    static final String CHINESE = "zh" + SUFFIX;

    /**
     * {@code language: zh_cn}: try-it's own lines are Chinese, and a real change card, as the bot sent it, reads in
     * Chinese where it carries {@code i18n_content}. The card and its zh_cn rendering are written to
     * {@code target/readme/chinese-card.md}: README's Chinese card example is pasted from there.
     */
    @Test
    void withLanguageZhCnTheTryItChatAndItsCardsReadInChinese() throws Exception {
        Path dir = Files.createDirectories(work.resolve("zh"));
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, Files.readString(work.resolve("larkops.yaml")).replace("  " + SERVICE + ":", "  " + CHINESE + ":")
                + "language: zh_cn\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("LARKOPS_DATA_DIR", dir.resolve("data").toString());
        try (TrySession session = TrySession.start(env, config, null, List.of("1.0.0"), out)) {
            assertThat(text(bytes)).contains("你是群 oc_tryit 中的 ou_you（部署者）。请按顺序输入：")
                    .contains("/deploy " + CHINESE + " 1.0.0").doesNotContain("You are ou_you");
            session.type("deploy please");
            assertThat(text(bytes)).contains("（发给机器人的命令以 / 开头，如 /help；终端命令以 : 开头，如 :help）");

            assertThat(session.type("/deploy " + CHINESE + " 1.0.0")).isTrue();
            JsonNode card = session.lastCard();
            String title = card.path("header").path("title").path("i18n_content").path("zh_cn").asText();
            assertThat(card.path("header").path("title").path("content").asText()).contains("live");
            assertThat(title).contains("部署").contains("已上线").contains(CHINESE);
            String shown = CardText.render(card, 1, com.larkops.i18n.Language.ZH_CN).text();
            assertThat(shown).startsWith("┌ " + title).doesNotContain("Deploy:");
            assertThat(unwrapped(bytes)).contains("▸ ┌ " + title);

            Path readme = Files.createDirectories(Path.of("target", "readme")).resolve("chinese-card.md");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            Files.writeString(readme, "As the terminal shows it (try-it, language: zh_cn):\n\n```\n" + shown + "\n```\n\n"
                    + "The card's JSON as a zh_cn client reads it (each i18n_content.zh_cn in place of content):\n\n```json\n"
                    + json.writerWithDefaultPrettyPrinter().writeValueAsString(in(card.deepCopy(), "zh_cn")) + "\n```\n\n"
                    + "The card as the bot sent it:\n\n```json\n" + json.writeValueAsString(card) + "\n```\n",
                    StandardCharsets.UTF_8);
        }
    }

    /** {@code node} with every {@code i18n_content}'s {@code language} text as its {@code content}: what that client shows. */
    private static JsonNode in(JsonNode node, String language) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            JsonNode localised = o.remove("i18n_content");
            if (localised != null && localised.path(language).isTextual()) {
                o.put("content", localised.path(language).asText());
            }
            o.fields().forEachRemaining(e -> in(e.getValue(), language));
        } else if (node.isArray()) {
            node.forEach(n -> in(n, language));
        }
        return node;
    }

    @Test
    void theJarReadsPipedLinesOneOutcomeAtATimeInUtf8WithTheLogInAFile() throws Exception {
        Path dir = Files.createDirectories(work.resolve("piped"));
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, Files.readString(work.resolve("larkops.yaml")).replace("  " + SERVICE + ":", "  " + PIPED + ":"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "larkops-bot.jar").toAbsolutePath().toString(),
                "try", "--config", config.toString(), "--versions", "1.0.0").directory(dir.toFile());
        String path = pb.environment().get("PATH");
        pb.environment().clear(); // no LANG, no LC_*: the POSIX locale, whose charset is ASCII
        pb.environment().put("PATH", path);
        pb.environment().put("LARKOPS_DATA_DIR", dir.resolve("data").toString());
        Path input = dir.resolve("input");
        // no pause between lines and no :quit: each line must wait for the previous one's outcome, EOF quits
        Files.writeString(input, "/deploy " + PIPED + " 1.0.0\n/digest " + PIPED + "\n");
        pb.redirectInput(input.toFile());
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String unwrapped = out.replace("\n    ", " ");
        String digestRow = "│ staging │ 1.0.0       │ " + v1.substring(0, 19);
        assertThat(unwrapped).contains("larkops ▸ ").contains("live in staging").contains(digestRow);
        assertThat(unwrapped.indexOf("live in staging")).as("the deploy finished before /digest was read")
                .isLessThan(unwrapped.indexOf(digestRow));
        assertThat(out).doesNotContain(" INFO ").doesNotContain("Exception");
        assertThat(new String(err.get(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.readString(dir.resolve("bot.log"))).contains("larkops listening on port");
    }

    @Test
    void eachTypedLineReturnsWithItsOutcomeShownWithin80Columns() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("LARKOPS_DATA_DIR", work.resolve("data").toString());
        try (TrySession session = TrySession.start(env, work.resolve("larkops.yaml"), null, List.of("1.0.0"), out)) {
            assertThat(text(bytes)).contains("You are ou_you (a deployer) in chat oc_tryit")
                    .contains("/deploy " + SERVICE + " 1.0.0").contains(":approve <request_id>");

            // type() returns once the deploy's outcome is on the terminal: no polling needed (piped input relies on it)
            assertThat(session.type("/deploy " + SERVICE + " 1.0.0")).isTrue();
            assertThat(unwrapped(bytes)).contains("larkops ▸ ").contains(SERVICE + " 1.0.0").contains("live in staging");
            String running = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                    "--filter", "label=larkops.env=staging", "--filter", "status=running").strip();
            assertThat(running).isNotEmpty();
            assertThat(docker("inspect", "--format", "{{index .Config.Labels \"larkops.digest\"}} {{index .Config.Labels \"larkops.deployed-by\"}}",
                    running).strip()).isEqualTo(v1 + " ou_you");

            session.type(":as ou_stranger");
            session.type("/deploy " + SERVICE + " 1.0.0");
            assertThat(unwrapped(bytes)).contains("needs the deployer role");
            session.type("/digest " + SERVICE);
            assertThat(unwrapped(bytes)).contains(SERVICE + " │ staging │ 1.0.0").contains(v1.substring(0, 19)).contains("@ou_you");

            // the finished deploy card offered its next actions as numbered buttons: [3] is History
            assertThat(unwrapped(bytes)).contains("[1] Promote to prod").contains("[3] History").contains(":click 3");
            session.type(":click 3");
            com.larkops.testing.Poll.until("the history chart", java.time.Duration.ofSeconds(60),
                    () -> text(bytes).contains("chart: release duration"));
            assertThat(text(bytes)).contains("chart: release duration").contains("History: " + SERVICE);

            session.type("deploy please");
            assertThat(text(bytes)).contains("commands for the bot start with /");
            session.type(":help");
            assertThat(text(bytes)).contains(":reject <request_id>").contains(":quit");
            session.type(":approve");
            assertThat(text(bytes)).contains("no card to click yet");

            // the approval flow: a refused click shows its toast; the approver's click waits for the end state
            session.type(":as ou_you");
            // the soak (1s): 1.0.0 becomes known-good in staging, as prod requires
            com.larkops.testing.Sqlite.await(work.resolve("data"), "SELECT known_good_ms IS NOT NULL FROM releases WHERE service='"
                    + SERVICE + "' AND env='staging' AND outcome='LIVE'", "1", java.time.Duration.ofSeconds(30));
            session.type("/deploy " + SERVICE + " 1.0.0 prod");
            String request = requestId(text(bytes));
            assertThat(unwrapped(bytes)).contains("(an approval card: prod changes only when an approver");
            session.type(":approve " + request);
            assertThat(unwrapped(bytes)).contains("larkops (error) ▸ you requested this; another approver must approve it");
            session.type(":as ou_lead");
            session.type(":approve " + request);
            String after = unwrapped(bytes);
            assertThat(after).contains("larkops (success) ▸ approved — deploying").contains("larkops (card now) ▸ ");
            assertThat(after.substring(after.indexOf("approved — deploying"))).contains("live");
            assertThat(docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                    "--filter", "label=larkops.env=prod", "--filter", "status=running").strip()).isNotEmpty();

            // an incident end to end: prod's health breaks, one incident card; closing it replies with the timeline in its thread
            session.type(":break " + SERVICE);
            String incident = unwrapped(bytes);
            incident = incident.substring(incident.indexOf("lost its /www/healthz"));
            assertThat(incident).contains("Incident #").contains("health check failed").contains("Show logs").contains("Hold automation");
            session.type("/incident close " + SERVICE);
            assertThat(unwrapped(bytes)).contains("larkops (in the thread) ▸ incident #").contains("timeline")
                    .contains("Incident closed #");
            assertThat(session.type(":quit")).isFalse();
        }
        assertThat(text(bytes).lines().filter(l -> l.codePointCount(0, l.length()) > 80).toList())
                .as("every line fits an 80-column terminal").isEmpty();
        assertThat(text(bytes)).doesNotContain("**").doesNotContain("<at ").doesNotContain("```");
    }

    private static String requestId(String shown) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":approve ([A-Za-z0-9_-]{4,64})").matcher(shown);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertThat(last).as("an approval card with its :approve line in:\n" + shown).isNotNull();
        return last;
    }

    /** The terminal text with the 80-column wrapping undone, for assertions on whole phrases. */
    private static String unwrapped(ByteArrayOutputStream bytes) {
        return text(bytes).replace("\n    ", " ");
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

}
