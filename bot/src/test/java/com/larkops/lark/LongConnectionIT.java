package com.larkops.lark;

import com.lark.oapi.ws.pb.Pbbp2;
import com.larkops.testing.BotHarness;
import com.larkops.testing.LarkEventFactory;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LARK_EVENT_MODE=websocket} with the SDK's real WebSocket client. Lark's side is played by
 * WireMock (the endpoint call) and a Javalin WebSocket that sends data frames built with the SDK's own
 * protobuf classes — one event per frame, which is all this test needs of the protocol. Events go through
 * our token check, dedup and routing; replies reach FakeLark; closing the bot ends every thread it started.
 */
class LongConnectionIT {
    private final List<Pbbp2.Frame> answers = new CopyOnWriteArrayList<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile WsContext socket;
    private Javalin lark;
    private BotHarness bot;
    private Set<Thread> before;

    @BeforeEach
    void setUp() {
        lark = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        lark.ws("/ws", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(Duration.ofMinutes(5));
                socket = ctx;
                connected.countDown();
            });
            ws.onBinaryMessage(ctx -> {
                Pbbp2.Frame f = Pbbp2.Frame.parseFrom(java.util.Arrays.copyOfRange(ctx.data(), ctx.offset(), ctx.offset() + ctx.length()));
                if (f.getMethod() == 1) {
                    answers.add(f);
                }
            });
            ws.onClose(ctx -> closed.countDown());
        });
        lark.start("127.0.0.1", 0);
        bot = new BotHarness("""
                registry: 127.0.0.1:5999
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev1]
                  approvers: [ou_lead]
                services: {}
                """).withEnv("LARK_EVENT_MODE", "websocket");
        bot.lark.server().stubFor(post(urlPathEqualTo("/callback/ws/endpoint")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"code":0,"msg":"ok","data":{"URL":"ws://127.0.0.1:%d/ws?device_id=d1&service_id=7",
                         "ClientConfig":{"ReconnectCount":-1,"ReconnectInterval":120,"ReconnectNonce":0,"PingInterval":120}}}
                        """.formatted(lark.port()))));
        before = Thread.getAllStackTraces().keySet();
        bot.start();
    }

    @AfterEach
    void tearDown() {
        bot.close();
        lark.stop();
    }

    @Test
    void eventsOverTheLongConnectionAreGuardedDedupedAndRoutedAndCloseEndsEveryThread() throws Exception {
        assertThat(connected.await(60, TimeUnit.SECONDS)).as("the SDK client connected").isTrue();
        assertThat(bot.lark.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(urlPathEqualTo("/callback/ws/endpoint")))).isNotEmpty();

        Map<String, Object> help = bot.events.message("ev_ws_1", "om_ws_1", "oc_ops", "ou_dev1", "/help");
        push("m1", help);
        bot.lark.awaitReply("om_ws_1", t -> t.contains("/deploy"), Duration.ofSeconds(30));
        awaitAnswer("m1");

        push("m2", help); // Lark redelivering the same event id
        awaitAnswer("m2");
        push("m3", bot.events.message("ev_ws_bad", "om_ws_bad", "oc_ops", "ou_dev1", "/help",
                System.currentTimeMillis(), "not-the-token"));
        assertThat(awaitAnswer("m3")).contains("500");
        push("m4", bot.events.message("ev_ws_2", "om_ws_2", "oc_ops", "ou_dev1", "/digest"));
        bot.lark.awaitReply("om_ws_2", t -> !t.isBlank(), Duration.ofSeconds(30));
        assertThat(bot.lark.repliesTo("om_ws_1")).as("the duplicate was acknowledged, not handled twice").hasSize(1);
        assertThat(bot.lark.repliesTo("om_ws_bad")).as("a wrong token is refused").isEmpty();
        assertThat(scrape()).contains("reason=\"duplicate\"").contains("reason=\"token\"");

        bot.stopBot();
        assertThat(closed.await(30, TimeUnit.SECONDS)).as("the socket was closed").isTrue();
        assertThat(newThreadsStillAlive()).as("threads the bot started, still alive after close").isEmpty();
    }

    private String scrape() throws Exception {
        return bot.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + bot.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A data frame as Lark sends one event: headers type/message_id/sum/seq/trace_id, the event JSON as payload. */
    private void push(String messageId, Map<String, Object> event) throws Exception {
        Pbbp2.Frame frame = Pbbp2.Frame.newBuilder().setSeqID(1).setLogID(1).setService(7).setMethod(1)
                .addHeaders(header("type", "event")).addHeaders(header("message_id", messageId))
                .addHeaders(header("sum", "1")).addHeaders(header("seq", "0")).addHeaders(header("trace_id", "t-" + messageId))
                .setPayload(com.lark.oapi.google.protobuf.ByteString.copyFrom(LarkEventFactory.json(event), StandardCharsets.UTF_8))
                .build();
        socket.send(ByteBuffer.wrap(frame.toByteArray()));
    }

    private static Pbbp2.Header header(String key, String value) {
        return Pbbp2.Header.newBuilder().setKey(key).setValue(value).build();
    }

    /** The client's answer frame for a message id: its payload, the SDK's response JSON with the code. */
    private String awaitAnswer(String messageId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Pbbp2.Frame f : answers) {
                if (f.getHeadersList().stream().anyMatch(h -> h.getKey().equals("message_id") && h.getValue().equals(messageId))) {
                    return f.getPayload().toStringUtf8();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no answer frame for " + messageId + "; got " + answers.size());
    }

    private List<String> newThreadsStillAlive() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t))
                    // ours and the SDK's; Jetty's lazily started schedulers belong to the two fake Lark servers
                    .filter(t -> t.getName().startsWith("lark-ws") || !t.isDaemon())
                    .filter(t -> !t.getName().startsWith("Connector-Scheduler"))
                    .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                    .collect(Collectors.toList());
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return alive;
    }
}
