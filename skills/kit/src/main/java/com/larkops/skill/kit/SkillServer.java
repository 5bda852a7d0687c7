package com.larkops.skill.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a {@link Skill} over the skill contract (skills/README.md): {@code POST /invoke},
 * {@code GET /healthz}, {@code GET /info}. The JDK's own HTTP server keeps skill images small.
 */
public final class SkillServer implements AutoCloseable {
    static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(SkillServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Skill skill;
    private final SkillInfo info;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    private SkillServer(Skill skill, int port) throws IOException {
        this.skill = skill;
        this.info = SkillInfo.of(skill);
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", ex -> answer(ex, "GET", () -> new Answer(200, Map.of("status", "ok"))));
        server.createContext("/info", ex -> answer(ex, "GET", () -> new Answer(200, info.toJson())));
        server.createContext("/invoke", ex -> answer(ex, "POST", () -> invoke(ex)));
        server.setExecutor(workers);
    }

    /** Starts on {@code port} (0 = any free port). */
    public static SkillServer start(Skill skill, int port) throws IOException {
        SkillServer s = new SkillServer(skill, port);
        s.server.start();
        return s;
    }

    /** The main method of every skill: port from {@code PORT} (default 8080), stops cleanly on SIGTERM. */
    public static void serve(Skill skill) throws IOException {
        String port = System.getenv().getOrDefault("PORT", "8080");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("PORT is '" + port + "': expected a port number 0-65535");
        }
        SkillServer s = start(skill, Integer.parseInt(port));
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "skill-shutdown"));
        LOG.info(() -> "skill " + s.info.name() + " " + s.info.version() + " listening on " + s.port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SkillInfo info() {
        return info;
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }

    private Answer invoke(HttpExchange ex) throws Exception {
        byte[] body = readCapped(ex.getRequestBody());
        if (body == null) {
            return new Answer(413, Map.of("error", "request body over " + MAX_BODY + " bytes"));
        }
        InvokeRequest request;
        try {
            request = JSON.readValue(body, InvokeRequest.class);
        } catch (JsonProcessingException e) {
            return new Answer(400, Map.of("error", "body is not the invoke JSON: " + e.getOriginalMessage()));
        }
        return new Answer(200, skill.invoke(request.toInvocation()).toJson());
    }

    private void answer(HttpExchange ex, String method, Handler handler) throws IOException {
        try (ex) {
            Answer a;
            if (!method.equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", method);
                a = new Answer(405, Map.of("error", "use " + method));
            } else {
                try {
                    a = handler.handle();
                } catch (Exception e) {
                    // The detail goes to the skill's log, not to chat: it may name internal hosts or paths.
                    LOG.log(Level.WARNING, "skill " + info.name() + " failed", e);
                    a = new Answer(500, Map.of("error", "skill " + info.name() + " failed"));
                }
            }
            byte[] out = JSON.writeValueAsBytes(a.body());
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(a.status(), out.length);
            ex.getResponseBody().write(out);
        }
    }

    /** Reads at most {@link #MAX_BODY} bytes; null when the body is larger. */
    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private record Answer(int status, Map<String, ?> body) {
    }

    @FunctionalInterface
    private interface Handler {
        Answer handle() throws Exception;
    }

    /** The wire form of {@code POST /invoke}; snake_case as in the contract. */
    private record InvokeRequest(String text, String user, String chat,
                                 @com.fasterxml.jackson.annotation.JsonProperty("message_id") String messageId,
                                 Map<String, Boolean> flags) {
        Invocation toInvocation() {
            return new Invocation(text, user, chat, messageId, flags);
        }
    }
}
