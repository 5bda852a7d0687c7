package com.larkops.config;

import java.time.Duration;
import java.util.List;

/**
 * The incident loop ({@code incidents:} in larkops.yaml): how often prod health and drift are checked ({@code watch},
 * default 30s, 0 = off), who is buzzed once per incident ({@code urgent}: open ids or {@code group:<id>}), and how
 * long a service must stay healthy again before its incident closes by itself ({@code recovery}, default 5m).
 */
public record IncidentSettings(Duration watch, List<String> urgent, Duration recovery) {
    public static final Duration DEFAULT_WATCH = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECOVERY = Duration.ofMinutes(5);
    public static final IncidentSettings DEFAULT = new IncidentSettings(DEFAULT_WATCH, List.of(), DEFAULT_RECOVERY);

    public IncidentSettings {
        urgent = List.copyOf(urgent);
    }

    /** Whether the watcher runs at all ({@code watch: 0} switches it off). */
    public boolean watching() {
        return !watch.isZero();
    }

    static IncidentSettings read(String watch, List<String> urgent, Duration recovery) {
        Duration w;
        try {
            w = watch == null ? DEFAULT_WATCH : watch.trim().equals("0") ? Duration.ZERO : com.larkops.model.DurationText.parse(watch);
        } catch (com.larkops.model.InvalidInputException e) {
            throw new ConfigException("incidents.watch: " + e.getMessage() + " (0 switches the watch off)");
        }
        if (!w.isZero() && w.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new ConfigException("incidents.watch is too short: expected 0 (off) or at least 5s");
        }
        Duration r = recovery == null ? DEFAULT_RECOVERY : recovery;
        if (r.isZero()) {
            throw new ConfigException("incidents.recovery: expected more than 0, e.g. 5m");
        }
        List<String> who = urgent == null ? List.of() : urgent;
        for (String u : who) {
            if (u == null || !(u.matches("ou_[A-Za-z0-9_-]{1,64}") || u.matches("group:[A-Za-z0-9_-]{1,64}"))) {
                throw new ConfigException("incidents.urgent: '" + com.larkops.model.Text.clip(String.valueOf(u))
                        + "' is neither a user's open id (ou_…) nor group:<id>");
            }
        }
        return new IncidentSettings(w, who, r);
    }
}
