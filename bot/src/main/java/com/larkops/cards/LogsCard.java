package com.larkops.cards;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code /logs}: the last lines of a running container, already redacted, in a code block. */
public final class LogsCard {
    /** Lark refuses a card over 30 KB: the last this many characters of the lines asked for are shown. */
    static final int MAX_CHARS = 3500;

    private LogsCard() {
    }

    public static Map<String, Object> render(String service, String env, String container, int lines, String redacted, Instant now) {
        String title = "Logs: " + service + " " + env + " — last " + lines + " line(s)";
        String body = redacted.isBlank() ? "no output" : Md.codeBlock(redacted, MAX_CHARS);
        return CardJson.card(title, CardJson.Colour.GREY, title, List.of(
                CardJson.markdown(body),
                CardJson.note("container " + Md.escape(container) + " · secrets redacted"
                        + (redacted.length() > MAX_CHARS ? " · only the last " + MAX_CHARS + " characters shown" : "")
                        + " · " + Md.absolute(now))));
    }
}
