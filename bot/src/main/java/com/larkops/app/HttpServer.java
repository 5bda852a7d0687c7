package com.larkops.app;

import com.larkops.config.Settings;
import com.larkops.lark.LarkWebhook;
import com.larkops.net.BoundedInput;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTTP edge: the Lark webhook, {@code /healthz} and {@code /metrics}. Nothing else listens. Every request
 * body is read through {@link BoundedRequests} (at most {@link #MAX_BODY_BYTES}, chunked or not); an endpoint
 * with a token checks it before it reads the body. With
 * {@code LARKOPS_METRICS_PORT} set, {@code /metrics} is served only on that second listener (by default on
 * 127.0.0.1), so the public port carries no metrics.
 */
public final class HttpServer {
    /** The most any endpoint reads of a request body, chunked or not (Lark's events and registry envelopes are far smaller). */
    public static final int MAX_BODY_BYTES = LarkWebhook.MAX_BODY_BYTES;
    private final Javalin javalin;
    private final Optional<Settings.MetricsListen> metricsListen;
    private final Javalin metricsOnly;

    public HttpServer(LarkWebhook webhook, Supplier<HealthReport> health, Metrics metrics, Optional<Settings.MetricsListen> metricsListen) {
        this.metricsListen = metricsListen;
        this.javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.servlet.FilterHolder(
                    new BoundedRequests(MAX_BODY_BYTES)), "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
        });
        // a read that passed the limit (a chunked body has no length to refuse up front): 413, connection closed
        javalin.exception(BoundedInput.TooLarge.class, (e, ctx) -> tooLarge(ctx));
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
     * {@code POST <path>} for one registry door ({@code /registry/events}, {@code /registry/events/harbor|tcr|acr}),
     * only when its token is configured: unset, the path answers 404 like any unknown one. The token is checked
     * before a byte of the body is read (a wrong one is answered 401 and the connection closed, the body unread);
     * then the body is read up to the same limit as the webhook's.
     */
    public HttpServer registryEvents(String path, com.larkops.pipeline.RegistryEvents.Door door) {
        javalin.post(path, ctx -> {
            if (!door.authorized(ctx.header("Authorization"))) {
                ctx.status(401).header("Connection", "close").contentType("application/json")
                        .result("{\"error\":\"missing or wrong bearer token\"}");
                return;
            }
            byte[] body = BoundedInput.readAll(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), MAX_BODY_BYTES);
            com.larkops.pipeline.RegistryEvents.Answer a = door.receive(ctx.header("Authorization"), body);
            ctx.status(a.status()).contentType("application/json").result(a.body());
        });
        return this;
    }

    private static void tooLarge(Context ctx) {
        ctx.status(413).header("Connection", "close").contentType("application/json")
                .result("{\"error\":\"body over " + MAX_BODY_BYTES + " bytes refused\"}");
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
