package com.larkops.window;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an allow or deny list, in wall-clock time of the window's zone: a weekly period ("Mon-Thu
 * 10:00-17:00", "Sat-Sun", "Fri 09:00-12:00", "Mon,Wed 22:00-02:00" running past midnight) or a date, the whole
 * day ("2026-12-25"). Parsed once by {@link #parse}; pure.
 */
public sealed interface Period permits Period.Weekly, Period.OnDate {
    /** Whether the wall-clock time {@code t} lies inside (start inclusive, end exclusive). */
    boolean contains(LocalDateTime t);

    /** The wall-clock times on {@code day} where this period may start or end (midnight is always a candidate). */
    List<LocalTime> edges(LocalDate day);

    /** As written, normalised. */
    String text();

    Pattern WEEKLY = Pattern.compile("([A-Za-z,\\-]+)(?:\\s+(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2}))?");
    Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    static Period parse(String entry) {
        String s = entry == null ? "" : entry.strip().replaceAll("\\s+", " ");
        if (DATE.matcher(s).matches()) {
            return new OnDate(WallTime.date(s));
        }
        Matcher m = WEEKLY.matcher(s);
        if (!m.matches()) {
            throw new WindowException("'" + clip(s) + "' is not a period: expected days and an optional time range, e.g. "
                    + "\"Mon-Thu 10:00-17:00\", \"Sat-Sun\", \"Fri 09:00-12:00\", or a date \"2026-12-25\"");
        }
        Set<DayOfWeek> days = days(m.group(1), s);
        if (m.group(2) == null) {
            return new Weekly(days, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, true, s);
        }
        LocalTime from = WallTime.time(m.group(2), false);
        boolean toMidnight = m.group(3).equals("24:00");
        LocalTime to = toMidnight ? LocalTime.MIDNIGHT : WallTime.time(m.group(3), false);
        if (from.equals(to) && !toMidnight) {
            throw new WindowException("'" + clip(s) + "' starts and ends at " + m.group(2) + ": an empty period");
        }
        return new Weekly(days, from, to, from.equals(LocalTime.MIDNIGHT) && toMidnight, s);
    }

    private static Set<DayOfWeek> days(String spec, String whole) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.split(",", -1)) {
            String[] ends = part.split("-", -1);
            if (ends.length > 2) {
                throw new WindowException("'" + clip(whole) + "': '" + clip(part) + "' is not a day or a range of days like Mon-Thu");
            }
            DayOfWeek first = day(ends[0], whole);
            DayOfWeek last = ends.length == 2 ? day(ends[1], whole) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String whole) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(name) || d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new WindowException("'" + clip(whole) + "': '" + clip(name) + "' is not a day; write Mon, Tue, Wed, Thu, Fri, Sat or Sun");
    }

    static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /**
     * Weekly: on each of {@code days} from {@code from} to {@code to}; a range that ends at or before it starts runs
     * past midnight into the next day ({@code to} midnight: to the end of the day).
     */
    record Weekly(Set<DayOfWeek> days, LocalTime from, LocalTime to, boolean wholeDay, String text) implements Period {
        public Weekly {
            days = Set.copyOf(days);
        }

        public boolean contains(LocalDateTime t) {
            LocalTime time = t.toLocalTime();
            DayOfWeek day = t.getDayOfWeek();
            if (wholeDay) {
                return days.contains(day);
            }
            if (from.isBefore(to)) {
                return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
            }
            // past midnight (or to the end of the day when to is midnight)
            return days.contains(day) && !time.isBefore(from) || days.contains(day.minus(1)) && time.isBefore(to);
        }

        public List<LocalTime> edges(LocalDate day) {
            return List.of(LocalTime.MIDNIGHT, from, to);
        }
    }

    /** A date in the window's zone, the whole day. */
    record OnDate(LocalDate date) implements Period {
        public boolean contains(LocalDateTime t) {
            return t.toLocalDate().equals(date);
        }

        public List<LocalTime> edges(LocalDate day) {
            return List.of(LocalTime.MIDNIGHT);
        }

        public String text() {
            return date.toString();
        }
    }
}
