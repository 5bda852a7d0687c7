package com.larkops.config;

import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.window.DeployWindow;
import com.larkops.window.WallTime;
import com.larkops.window.WindowException;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code timezone} (the zone of {@code at} times, windows and schedules; default UTC) and {@code windows} (per env,
 * when changes may happen). An env without an entry is always open.
 */
public record DeployCalendar(ZoneId zone, Map<Env, DeployWindow> windows) {
    public static final DeployCalendar UTC = new DeployCalendar(ZoneOffset.UTC, Map.of());

    public DeployCalendar {
        windows = Map.copyOf(windows);
    }

    public Optional<DeployWindow> window(Env env) {
        return Optional.ofNullable(windows.get(env));
    }

    /** The YAML's two keys, each error naming the path to the bad value. */
    static DeployCalendar read(String timezone, Map<String, YamlShape.Windows> windows) {
        ZoneId zone;
        try {
            zone = timezone == null ? ZoneId.of("UTC") : WallTime.zone(timezone);
        } catch (WindowException e) {
            throw new ConfigException("timezone: " + e.getMessage());
        }
        Map<Env, DeployWindow> byEnv = new EnumMap<>(Env.class);
        for (Map.Entry<String, YamlShape.Windows> e : (windows == null ? Map.<String, YamlShape.Windows>of() : windows).entrySet()) {
            Env env;
            try {
                env = Env.parse(e.getKey());
            } catch (InvalidInputException x) {
                throw new ConfigException("windows." + e.getKey() + ": " + x.getMessage());
            }
            YamlShape.Windows w = e.getValue();
            if (w == null || (w.allow() == null && w.deny() == null)) {
                throw new ConfigException("windows." + e.getKey() + ": expected allow and/or deny lists, e.g. allow: [\"Mon-Thu 10:00-17:00\"]");
            }
            try {
                byEnv.put(env, DeployWindow.parse(zone, orEmpty(w.allow()), orEmpty(w.deny())));
            } catch (WindowException x) {
                throw new ConfigException("windows." + e.getKey() + "." + x.getMessage());
            }
        }
        return new DeployCalendar(zone, byEnv);
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
