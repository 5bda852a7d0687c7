package com.larkops.tryit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Lark's Open API, in process, for the try-it mode: the real bot's SDK client talks to it exactly as it
 * would to Lark. It answers the tenant-token call and hands every message it receives — reply, send,
 * card patch — to a listener (the terminal). It is the only part of try-it that is not larkops itself.
 */
final class LocalLark implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "/open-apis/im/v1/messages";

    /** A message the bot sent: {@code kind} is reply, thread (a reply in the thread), send, update or urgent; {@code target} the message or chat id. */
    record Outbound(String kind, String target, String messageId, String msgType, JsonNode content) {
    }

    private final HttpServer server;
    private final AtomicInteger ids = new AtomicInteger();
    private final Consumer<Outbound> listener;

    private final com.larkops.i18n.Language language;

    /** {@code language}: what the try-it chat speaks (its note on an urgent buzz). */
    LocalLark(Consumer<Outbound> listener, com.larkops.i18n.Language language) {
        this.listener = listener;
        this.language = language;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the local Lark endpoint", e);
        }
        server.createContext("/open-apis/auth/", ex -> answer(ex, "{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-local\",\"expire\":7200}"));
        server.createContext(MESSAGES, this::message);
        server.createContext("/", ex -> answer(ex, 404, "{\"code\":99991400,\"msg\":\"not served by the try-it Lark\"}"));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "local-lark");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void message(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
        String rest = path.length() > MESSAGES.length() ? path.substring(MESSAGES.length() + 1) : "";
        String newId = "om_local_" + ids.incrementAndGet();
        Outbound out;
        if (ex.getRequestMethod().equals("PATCH") && rest.endsWith("/urgent_app")) {
            out = new Outbound("urgent", rest.substring(0, rest.length() - "/urgent_app".length()), newId, "text",
                    JSON.createObjectNode().put("text", com.larkops.i18n.Msg.of("app.tryit.urgent", body.path("user_id_list")).in(language)));
        } else if (ex.getRequestMethod().equals("PATCH")) {
            out = new Outbound("update", rest, rest, "interactive", content(body));
        } else if (rest.endsWith("/reply")) {
            out = new Outbound(body.path("reply_in_thread").asBoolean() ? "thread" : "reply",
                    rest.substring(0, rest.length() - "/reply".length()), newId,
                    body.path("msg_type").asText(), content(body));
        } else {
            out = new Outbound("send", body.path("receive_id").asText(), newId, body.path("msg_type").asText(), content(body));
        }
        listener.accept(out);
        answer(ex, "{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"" + newId + "\"}}");
    }

    private static JsonNode content(JsonNode body) throws IOException {
        return JSON.readTree(body.path("content").asText("{}"));
    }

    private static void answer(HttpExchange ex, String json) throws IOException {
        answer(ex, 200, json);
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        ex.getRequestBody().readAllBytes();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
