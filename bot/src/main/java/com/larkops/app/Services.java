package com.larkops.app;

import com.larkops.config.LarkopsConfig;
import com.larkops.config.Settings;
import com.larkops.store.Database;

import java.time.Clock;

/** The application's parts below the command layer, built once from settings and config. */
public record Services(Settings settings, LarkopsConfig config, Database db, Clock clock) {

    public static Services create(Settings settings, LarkopsConfig config, Database db, Clock clock) {
        return new Services(settings, config, db, clock);
    }

    public HttpServer.HealthReport health() {
        StringBuilder text = new StringBuilder();
        boolean ok = true;
        try {
            db.ping();
            text.append("store: ok\n");
        } catch (RuntimeException e) {
            ok = false;
            text.append("store: ").append(e.getMessage()).append('\n');
        }
        return new HttpServer.HealthReport(ok, text.toString());
    }
}
