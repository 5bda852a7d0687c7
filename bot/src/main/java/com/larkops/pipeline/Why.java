package com.larkops.pipeline;

import com.larkops.command.RefusedException;
import com.larkops.command.UsageException;
import com.larkops.i18n.Text;
import com.larkops.model.InvalidInputException;

/** What a person reads of a failure: a user error's own text, else the engine's or registry's words as they are. */
final class Why {
    private Why() {
    }

    static Text of(RuntimeException e) {
        if (e instanceof RefusedException r) {
            return r.text();
        }
        if (e instanceof InvalidInputException i) {
            return i.text();
        }
        if (e instanceof UsageException u) {
            return u.text();
        }
        return Text.verbatim(e.getMessage());
    }
}
