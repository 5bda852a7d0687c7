package com.larkops.window;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When changes may happen in one env: inside any {@code allow} period (no allow list: any time) and inside no
 * {@code deny} period (a deny always wins), in wall-clock time of {@code zone}. Pure.
 */
public record DeployWindow(ZoneId zone, List<Period> allow, List<Period> deny) {
    /** How far ahead {@link #nextOpening} looks: a window closed longer than this is treated as never opening. */
    static final int HORIZON_DAYS = 800;

    public DeployWindow {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** Parses each entry; an error names the list, the entry's position and what is wrong. */
    public static DeployWindow parse(ZoneId zone, List<String> allow, List<String> deny) {
        return new DeployWindow(zone, periods(allow, "allow"), periods(deny, "deny"));
    }

    private static List<Period> periods(List<String> entries, String list) {
        List<Period> out = new ArrayList<>();
        for (int i = 0; i < (entries == null ? 0 : entries.size()); i++) {
            try {
                out.add(Period.parse(entries.get(i)));
            } catch (WindowException e) {
                throw new WindowException(list + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    public boolean isOpen(Instant t) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        return (allow.isEmpty() || allow.stream().anyMatch(p -> p.contains(local))) && deny.stream().noneMatch(p -> p.contains(local));
    }

    /**
     * The first instant at or after {@code t} when the window is open; empty when it does not open within about two
     * years. The open state changes only at a period's edges, so those (converted to instants in the zone, DST
     * included) are the only candidates.
     */
    public Optional<Instant> nextOpening(Instant t) {
        if (isOpen(t)) {
            return Optional.of(t);
        }
        LocalDate first = LocalDateTime.ofInstant(t, zone).toLocalDate();
        for (int d = 0; d < HORIZON_DAYS; d++) {
            LocalDate day = first.plusDays(d);
            TreeSet<Instant> candidates = new TreeSet<>();
            for (Period p : allOf()) {
                for (LocalTime edge : p.edges(day)) {
                    candidates.add(WallTime.instant(LocalDateTime.of(day, edge), zone));
                }
            }
            candidates.add(WallTime.instant(day.atStartOfDay(), zone));
            for (Instant c : candidates) {
                if (c.isAfter(t) && isOpen(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private List<Period> allOf() {
        List<Period> all = new ArrayList<>(allow);
        all.addAll(deny);
        return all;
    }

    /** Why {@code t} is outside: the deny period it falls in, or the allow list it misses, with the zone. */
    public String whyClosed(Instant t) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        Optional<Period> denied = deny.stream().filter(p -> p.contains(local)).findFirst();
        return denied.map(p -> "deny " + p.text()).orElseGet(() -> "allow " + String.join(", ", allow.stream().map(Period::text).toList()))
                + " " + zone.getId();
    }

    /**
     * The one line a refused change shows: "prod is outside its deploy window (…); next opening Thu 2026-12-10 10:00".
     * Why it is closed quotes the config's own lists ({@code allow}/{@code deny}, as written there).
     */
    public Text refusalText(String env, Instant t) {
        return nextOpening(t).<Text>map(o -> Msg.of("command.window.closed", env, whyClosed(t), WallTime.shown(o, zone)))
                .orElseGet(() -> Msg.of("command.window.closed_for_good", env, whyClosed(t)));
    }

    /** {@link #refusalText} in English (the logs, the tests). */
    public String refusal(String env, Instant t) {
        return refusalText(env, t).in(Language.DEFAULT);
    }

    /** "allow Mon-Thu 10:00-17:00; deny 2026-12-25 (Asia/Shanghai)". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!allow.isEmpty()) {
            parts.add("allow " + String.join(", ", allow.stream().map(Period::text).toList()));
        }
        if (!deny.isEmpty()) {
            parts.add("deny " + String.join(", ", deny.stream().map(Period::text).toList()));
        }
        return (parts.isEmpty() ? "any time" : String.join("; ", parts)) + " (" + zone.getId() + ")";
    }
}
