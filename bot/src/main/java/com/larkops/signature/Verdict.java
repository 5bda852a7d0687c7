package com.larkops.signature;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.util.Optional;

/** The answer for one digest: signed by a named key, or not, and why ({@code why} is what a person reads). */
public record Verdict(Optional<String> signedBy, Text why) {

    static Verdict signed(String keyName, Text how) {
        return new Verdict(Optional.of(keyName), how);
    }

    static Verdict unsigned(Text why) {
        return new Verdict(Optional.empty(), why);
    }

    public boolean isSigned() {
        return signedBy.isPresent();
    }

    /** Why, in English: logs and tests. */
    public String detail() {
        return why.in(Language.DEFAULT);
    }

    /** One line for a card or a reply. */
    public Text text() {
        return signedBy.<Text>map(k -> Msg.of("pipeline.signature.signed_by", k)).orElse(Msg.of("pipeline.signature.not_signed", why));
    }

    /** {@link #text()} in English: logs, the audit log, tests. */
    public String line() {
        return text().in(Language.DEFAULT);
    }
}
