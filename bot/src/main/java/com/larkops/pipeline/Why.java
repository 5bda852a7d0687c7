package com.larkops.pipeline;

import com.larkops.i18n.Text;
import com.larkops.model.UserError;

/** What a person reads of a failure: a user error's own text, else the engine's or registry's words as they are. */
final class Why {
    private Why() {
    }

    static Text of(RuntimeException e) {
        return e instanceof UserError u ? u.text() : Text.verbatim(e.getMessage());
    }
}
