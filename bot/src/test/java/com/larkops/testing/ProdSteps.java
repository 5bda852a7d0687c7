package com.larkops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a team does in the chat to bring a release to prod and to click a card's button, for one bot. */
public record ProdSteps(BotHarness bot) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Staging, known-good there, a promotion approved by ou_lead, live in prod and known-good there. */
    public void toProd(String service, String version, String digest) throws Exception {
        bot.command("ou_dev1", "/deploy " + service + " " + version, "live in staging");
        Sqlite.await(bot.dataDir, "SELECT count(*) > 0 FROM releases WHERE env='staging' AND digest='" + digest
                + "' AND known_good_ms IS NOT NULL", "1", Duration.ofSeconds(60));
        assertThat(promoteApproved(service, version)).contains("approved");
        Sqlite.await(bot.dataDir, "SELECT count(*) > 0 FROM releases WHERE env='prod' AND digest='" + digest
                + "' AND known_good_ms IS NOT NULL", "1", Duration.ofSeconds(90));
    }

    /** {@code /promote <service> to prod} by ou_dev1, approved on its card by ou_lead; returns the click's answer. */
    public String promoteApproved(String service, String version) {
        String promote = bot.send("ou_dev1", "/promote " + service + " to prod");
        FakeLark.Sent approval = bot.lark.awaitReply(promote, t -> t.contains("Approve: " + service + " " + version), Duration.ofSeconds(60));
        return click("ou_lead", bot.lark.repliesTo(promote).get(0).responseMessageId(), button(approval.content(), "approve"));
    }

    /** The one prod container of {@code service}. */
    public static String prodContainer(String service) {
        String names = DockerCli.docker("ps", "--format", "{{.Names}}", "--filter", "label=larkops.service=" + service,
                "--filter", "label=larkops.env=prod").strip();
        assertThat(names.lines()).as("one prod container of " + service + " runs").hasSize(1);
        return names;
    }

    /** The value of the card's one button for {@code action}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> button(JsonNode card, String action) {
        List<JsonNode> values = card.findValues("behaviors").stream().map(b -> b.get(0).path("value"))
                .filter(v -> v.path("action").asText().equals(action)).toList();
        assertThat(values).as(action + " button on " + card).hasSize(1);
        return JSON.convertValue(values.get(0), Map.class);
    }

    /** {@code user} clicks a button with {@code value} on message {@code messageId} in oc_ops; returns the toast's answer. */
    public String click(String user, String messageId, Map<String, Object> value) {
        var r = bot.post(bot.events.deliver(bot.events.cardAction("ev_card_" + UUID.randomUUID(), user, "oc_ops", messageId, value)));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** A new top-level message (not a reply). */
    public static boolean posted(FakeLark.Sent s) {
        return s.method().equals("POST") && s.path().equals("/open-apis/im/v1/messages");
    }
}
