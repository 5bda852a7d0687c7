package com.larkops.release;

import com.larkops.i18n.Explained;
import com.larkops.i18n.Language;
import com.larkops.i18n.Text;

/** A step's failure in the words of the catalogue; its message is the English, for the audit and the history. */
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
}
