package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

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
        Text title = Msg.of("release.logs.title", service, env, lines);
        Text body = redacted.isBlank() ? Msg.of("release.logs.no_output") : Text.verbatim(Md.codeBlock(redacted, MAX_CHARS));
        Text note = redacted.length() > MAX_CHARS ? Msg.of("release.logs.note_clipped", Md.escape(container), MAX_CHARS, Md.absolute(now))
                : Msg.of("release.logs.note", Md.escape(container), Md.absolute(now));
        return CardJson.card(title, CardJson.Colour.GREY, title, List.of(CardJson.markdown(body), CardJson.note(note)));
    }
}
