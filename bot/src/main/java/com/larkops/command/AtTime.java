package com.larkops.command;

import com.larkops.i18n.Msg;
import com.larkops.window.WallTime;
import com.larkops.window.WindowException;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The {@code at <YYYY-MM-DD> <HH:MM>} ending of a command that schedules a change: the words before it, and the wall-clock
 * time (read in the config's {@code timezone} by whoever schedules). The same grammar as the deploy windows' dates and times.
 */
public record AtTime(List<String> before, LocalDateTime at) {
    public AtTime {
        before = List.copyOf(before);
    }

    /** Empty when the words carry no {@code at}; a malformed ending is a usage error naming what is expected. */
    public static Optional<AtTime> split(List<String> words) {
        int i = words.indexOf("at");
        if (i < 0) {
            return Optional.empty();
        }
        if (words.size() != i + 3) {
            throw new UsageException(Msg.of("command.at.expected"));
        }
        try {
            return Optional.of(new AtTime(words.subList(0, i), WallTime.dateTime(words.get(i + 1), words.get(i + 2))));
        } catch (WindowException e) {
            throw new UsageException(Msg.of("command.at.invalid", e.text()));
        }
    }
}
