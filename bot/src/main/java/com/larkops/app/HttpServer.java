package com.larkops.app;

import com.larkops.lark.LarkWebhook;
import io.javalin.Javalin;

import java.util.function.Supplier;

/** The HTTP edge: the Lark webhook, {@code /healthz} and {@code /metrics}. Nothing else listens. */
public final class HttpServer {
    private final Javalin javalin;

    public HttpServer(LarkWebhook webhook, Supplier<HealthReport> health, Metrics metrics) {
        this.javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = LarkWebhook.MAX_BODY_BYTES;
        });
        javalin.post("/lark/events", webhook::handle);
        javalin.get("/healthz", ctx -> {
            HealthReport r = health.get();
            ctx.status(r.healthy() ? 200 : 503).contentType("text/plain").result(r.text());
        });
        javalin.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
    }

    /**
     * {@code POST /registry/events}, only when a token is configured: unset, the path answers 404 like any
     * unknown one. The body is bounded by the same request limit as the webhook.
     */
    public HttpServer registryEvents(com.larkops.pipeline.RegistryEvents events) {
        javalin.post("/registry/events", ctx -> {
            com.larkops.pipeline.RegistryEvents.Answer a = events.receive(ctx.header("Authorization"), ctx.bodyAsBytes());
            ctx.status(a.status()).contentType("application/json").result(a.body());
        });
        return this;
    }

    public int start(int port) {
        javalin.start("0.0.0.0", port);
        return javalin.port();
    }

    public void stop() {
        javalin.stop();
    }

    /** What {@code /healthz} says: healthy, and a line per dependency. */
    public record HealthReport(boolean healthy, String text) {
    }
}
