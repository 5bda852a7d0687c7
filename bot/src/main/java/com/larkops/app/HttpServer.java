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
