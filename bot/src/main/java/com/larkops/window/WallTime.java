package com.larkops.window;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one grammar of wall-clock times: dates {@code YYYY-MM-DD}, times {@code HH:MM}, zones by IANA name. The
 * periods of a window and a command's {@code at <date> <time>} both read it here.
 */
public final class WallTime {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{1,2}:\\d{2}");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter NUMBERS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private WallTime() {
    }

    public static LocalDate date(String s) {
        if (s == null || !DATE.matcher(s).matches()) {
            throw new WindowException(Msg.of("command.time.not_a_date", Period.clip(String.valueOf(s))));
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeException e) {
            throw new WindowException(Msg.of("command.time.not_in_calendar", s));
        }
    }

    /** {@code HH:MM}, 00:00-23:59 (and 24:00 when {@code endOfDay} is allowed, as midnight). */
    public static LocalTime time(String s, boolean endOfDay) {
        if (s == null || !TIME.matcher(s).matches()) {
            throw new WindowException(Msg.of("command.time.not_a_time", Period.clip(String.valueOf(s))));
        }
        if (endOfDay && s.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        String[] hm = s.split(":");
        int h = Integer.parseInt(hm[0]);
        int m = Integer.parseInt(hm[1]);
        if (h > 23 || m > 59) {
            throw new WindowException(Msg.of("command.time.not_time_of_day", s));
        }
        return LocalTime.of(h, m);
    }

    /** {@code YYYY-MM-DD} and {@code HH:MM} together. */
    public static LocalDateTime dateTime(String date, String time) {
        return LocalDateTime.of(date(date), time(time, false));
    }

    /** An IANA zone name ("Asia/Shanghai", "UTC"). */
    public static ZoneId zone(String name) {
        if (name == null || name.isBlank()) {
            throw new WindowException("a time zone is needed: an IANA name such as UTC or Asia/Shanghai");
        }
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new WindowException("'" + Period.clip(name) + "' is not a time zone: expected an IANA name such as UTC or Asia/Shanghai");
        }
    }

    /**
     * The instant a wall-clock time names in {@code zone}: a time a DST jump skips is the jump itself (the first
     * instant whose wall clock is past it); a time the clock shows twice is the earlier.
     */
    public static java.time.Instant instant(LocalDateTime t, ZoneId zone) {
        if (zone.getRules().getValidOffsets(t).isEmpty()) {
            return zone.getRules().getTransition(t).getInstant();
        }
        return ZonedDateTime.of(t, zone).toInstant();
    }

    /** "Thu 2026-12-10 10:00" in {@code zone} (English: logs, audit, tests). */
    public static String show(java.time.Instant t, ZoneId zone) {
        return SHOWN.format(t.atZone(zone));
    }

    /** The same as a person reads it: the day of the week in their language, the date and time as numbers. */
    public static Text shown(java.time.Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        return Msg.of("command.weekday." + z.getDayOfWeek().name().toLowerCase(Locale.ROOT)).then(Text.verbatim(" " + NUMBERS.format(z)));
    }
}
