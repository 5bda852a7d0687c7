package com.larkops.release;

import com.larkops.i18n.Explained;
import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

/**
 * A step's failure in the words of the catalogue; its message is the English, for the audit and the history. What the
 * user reads of any step's failure is {@link #reason}.
 */
final class StepFailed extends RuntimeException implements Explained {
    private final Text text;

    StepFailed(Text text) {
        super(text.in(Language.DEFAULT));
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }

    /**
     * What the user reads about a step's failure: {@code english} exactly (as logged and audited), and in the other
     * languages the failure's own text when it has one ({@link Explained}), shaped the same way.
     */
    static Text reason(RuntimeException e, String english, Redactor redactor) {
        if (!(e instanceof Explained explained)) {
            return Text.verbatim(english);
        }
        Text own = explained.text();
        return language -> language == Language.DEFAULT ? english : com.larkops.model.Text.escape(redactor.redact(own.in(language)));
    }
}
