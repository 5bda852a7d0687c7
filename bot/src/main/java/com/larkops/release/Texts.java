package com.larkops.release;

import com.larkops.i18n.Text;

/**
 * A line another concern hands the release side (a hold, a freeze, a window's reason, a signature verdict): a
 * {@link Text} when that concern speaks the catalogue, else its plain value, shown as it is.
 */
final class Texts {
    private Texts() {
    }

    static Text of(Object said) {
        return said instanceof Text t ? t : Text.verbatim(said == null ? "" : String.valueOf(said));
    }
}
