package com.larkops.bench;

import io.javalin.Javalin;

import java.net.URI;

/** The floor: a Javalin server whose {@code POST /bare} reads the body and answers 200, nothing else. */
final class BareEndpoint implements AutoCloseable {
    private final Javalin javalin;

    BareEndpoint() {
        javalin = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        // read the body as the bot does, so both servers pay for receiving it
        javalin.post("/bare", ctx -> ctx.status(200).contentType("application/json").result(
                ctx.bodyAsBytes().length > 0 ? "{\"msg\":\"ok\"}" : "{\"msg\":\"empty\"}"));
        javalin.start("127.0.0.1", 0);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + javalin.port() + "/bare");
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
