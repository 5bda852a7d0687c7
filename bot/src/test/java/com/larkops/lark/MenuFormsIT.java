package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.larkops.testing.BotHarness;
import com.larkops.testing.DockerCli;
import com.larkops.testing.FakeLark;
import com.larkops.testing.Sqlite;
import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.larkops.testing.DockerCli.docker;
import static com.larkops.testing.DockerCli.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot menu and its form cards against the fake Lark, with signed and encrypted events shaped as Lark's docs
 * show them ({@code application.bot.menu_v6}; {@code card.action.trigger} with {@code action.form_value}): a menu
 * click sends the user a form card as a p2p message (receive_id_type=open_id), its submission runs the deploy
 * through the typed command's pipeline, and a submitter without the role is refused the same way. Real engine
 * and registry.
 */
class MenuFormsIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6).replaceAll("[^a-z0-9]", "x");
    static final String SERVICE = "mnu" + SUFFIX;
    static final String REPO = "menuformsit/" + SERVICE;
    static final String NETWORK = "larkops-mnu-" + SUFFIX;
    static final String P2P = "oc_p2p_" + SUFFIX;
    static BotHarness bot;
    static String v100;
    static String v110;

    @BeforeAll
    static void setUp() {
        String host = TestRegistry.get().host();
        v100 = TestImages.push(host, REPO, "1.0.0", "1.0.0", TestImages.Kind.HEALTHY);
        v110 = TestImages.push(host, REPO, "1.1.0", "1.1.0", TestImages.Kind.HEALTHY);
        TestImages.push(host, REPO, "1.0.5", "1.0.5", TestImages.Kind.HEALTHY);
        bot = new BotHarness("""
                registry: %s
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                network: %s
                services:
                  %s:
                    repository: %s
                    soak: 5m
                    health_timeout: 10s
                """.formatted(host, NETWORK, SERVICE, REPO)).start();
    }

    @AfterAll
    static void tearDown() {
        if (bot != null) {
            bot.close();
        }
        DockerCli.removeService(SERVICE, NETWORK);
    }

    @Test
    void theDeployMenuSendsAFormWhoseSubmissionDeploysAndAReadersSubmissionIsRefused() throws Exception {
        bot.command("ou_dev1", "/deploy " + SERVICE + " 1.0.0", "live in staging");
        bot.passSoak(SERVICE, "staging", Duration.ofMinutes(5));
        FakeLark.Sent form = menu("ou_dev1", "deploy");
        JsonNode formNode = form.content().path("body").path("elements").get(0);
        assertThat(formNode.path("tag").asText()).isEqualTo("form");
        List<String> versions = new ArrayList<>();
        formNode.path("elements").forEach(e -> {
            if (e.path("name").asText().equals("version")) {
                e.path("options").forEach(o -> versions.add(o.path("text").path("content").asText()));
            }
        });
        assertThat(versions).as("newest first, the known-good one marked").containsExactly("1.1.0", "1.0.5", "1.0.0 ★");
        assertThat(form.text()).isNotEmpty();

        // someone without the deployer role submits the same form (a forwarded card): refused like the typed command
        String refused = submit(form, "ou_reader", Map.of("service", SERVICE, "version", "1.1.0", "env", "staging"));
        assertThat(refused).contains("needs the deployer role");
        // the deployer's submission: the deploy runs, its live card in the team chat
        String toast = submit(form, "ou_dev1", Map.of("service", SERVICE, "version", "1.1.0", "env", "staging"));
        assertThat(toast).contains("/deploy " + SERVICE + " 1.1.0 staging");
        bot.lark.awaitPostedCard(t -> t.contains("/deploy " + SERVICE + " 1.1.0 staging"), t -> t.contains("live in staging"),
                Duration.ofSeconds(90));
        assertThat(label(running(), "larkops.digest")).isEqualTo(v110);
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM audit WHERE actor='ou_reader' AND outcome='refused'"))
                .as("the reader's submission is audited as refused").isEqualTo("1");
        assertThat(Sqlite.query(bot.dataDir, "SELECT count(*) FROM releases WHERE digest='" + v110 + "'")).isEqualTo("1");
    }

    @Test
    void aForgedFormValueIsNotOneLarkopsPosted() throws Exception {
        FakeLark.Sent form = menu("ou_dev1", "deploy");
        var event = bot.events.formSubmit("ev_form_" + UUID.randomUUID(), "ou_dev1", P2P, form.responseMessageId(),
                Map.of("action", "form", "form", "deploy", "chat", "oc_elsewhere"),
                Map.of("service", SERVICE, "version", "1.0.5", "env", "staging"));
        HttpResponse<String> r = bot.post(bot.events.deliver(event));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("not one larkops obeys");
    }

    @Test
    void theDigestMenuAnswersTheUserDirectly() {
        FakeLark.Sent digest = menu("ou_someone", "digest");
        assertThat(digest.text()).contains(SERVICE);
    }

    @Test
    void freezeOpensAFormForApproversOnlyAndItsSubmissionFreezes() throws Exception {
        assertThat(menu("ou_dev1", "freeze").text()).contains("needs the approver role");
        FakeLark.Sent form = menu("ou_lead", "freeze");
        assertThat(form.content().toString()).contains("picker_datetime").contains("\"name\":\"reason\"");
        String until = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm Z")
                .format(bot.clock.instant().plus(Duration.ofHours(2)).atZone(java.time.ZoneId.of("Asia/Shanghai")));
        String toast = submit(form, "ou_lead", Map.of("service", SERVICE, "env", "prod", "until", until, "reason", "release train"));
        assertThat(toast).contains("/freeze " + SERVICE + " prod until ");
        FakeLark.Sent frozen = bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.text().contains("frozen:")
                && s.text().contains(SERVICE), Duration.ofSeconds(30), "the freeze's answer in the team chat");
        assertThat(frozen.body().path("receive_id").asText()).isEqualTo("oc_ops");
        assertThat(bot.command("ou_someone", "/locks", "frozen (no deploys)")).contains("release train");
        assertThat(bot.command("ou_lead", "/unfreeze " + SERVICE + " prod", "lifted 1 freeze")).isNotNull();
    }

    // --- helpers ---

    /** A menu click by {@code user}; returns the p2p message larkops sent that user. */
    static FakeLark.Sent menu(String user, String key) {
        String eventId = "ev_menu_" + UUID.randomUUID();
        int before = bot.lark.sent().size();
        assertThat(bot.post(bot.events.deliver(bot.events.menu(eventId, user, key))).statusCode()).isEqualTo(200);
        return bot.lark.await(s -> s.path().equals("/open-apis/im/v1/messages") && s.query().contains("receive_id_type=open_id")
                        && s.body().path("receive_id").asText().equals(user) && bot.lark.sent().indexOf(s) >= before,
                Duration.ofSeconds(30), "the menu's p2p answer to " + user);
    }

    /** Submits the form card {@code form} (in the user's p2p chat) as {@code user} with these fields; returns the callback's answer. */
    static String submit(FakeLark.Sent form, String user, Map<String, Object> fields) {
        JsonNode value = form.content().findValue("behaviors").get(0).path("value");
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        value.fields().forEachRemaining(e -> v.put(e.getKey(), e.getValue().asText()));
        var event = bot.events.formSubmit("ev_form_" + UUID.randomUUID(), user, P2P, form.responseMessageId(), v, fields);
        HttpResponse<String> r = bot.post(bot.events.deliver(event));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String running() {
        String out = docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + SERVICE,
                "--filter", "label=larkops.env=staging").strip();
        assertThat(out.lines().count()).as("running containers: %s", out).isEqualTo(1);
        return out;
    }
}
