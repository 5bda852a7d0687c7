package com.larkops.app;

import com.larkops.config.Settings;
import com.larkops.lark.LarkWebhook;
import io.javalin.Javalin;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTTP edge: the Lark webhook, {@code /healthz} and {@code /metrics}. Nothing else listens. With
 * {@code LARKOPS_METRICS_PORT} set, {@code /metrics} is served only on that second listener (by default on
 * 127.0.0.1), so the public port carries no metrics.
 */
public final class HttpServer {
    private final Javalin javalin;
    private final Optional<Settings.MetricsListen> metricsListen;
    private final Javalin metricsOnly;

    public HttpServer(LarkWebhook webhook, Supplier<HealthReport> health, Metrics metrics, Optional<Settings.MetricsListen> metricsListen) {
        this.metricsListen = metricsListen;
        this.javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = LarkWebhook.MAX_BODY_BYTES;
        });
        javalin.post("/lark/events", webhook::handle);
        javalin.get("/healthz", ctx -> {
            HealthReport r = health.get();
            ctx.status(r.healthy() ? 200 : 503).contentType("text/plain").result(r.text());
        });
        if (metricsListen.isPresent()) {
            metricsOnly = Javalin.create(cfg -> cfg.showJavalinBanner = false);
            metricsOnly.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
        } else {
            metricsOnly = null;
            javalin.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
        }
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
        metricsListen.ifPresent(m -> metricsOnly.start(m.bind(), m.port()));
        javalin.start("0.0.0.0", port);
        return javalin.port();
    }

    public void stop() {
        javalin.stop();
        if (metricsOnly != null) {
            metricsOnly.stop();
        }
    }

    /** What {@code /healthz} says: healthy, and a short line per dependency (never an exception's text). */
    public record HealthReport(boolean healthy, String text) {
    }
}
