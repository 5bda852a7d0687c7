package com.larkops.release;

import com.larkops.model.ApproverRef;

import java.util.Set;

/**
 * Who belongs to a Lark user group or department (the contact API at the edge, cached briefly there). A lookup
 * that cannot be answered throws {@link Unavailable}: whoever asks must then refuse, never allow.
 */
public interface Directory {
    /** The open_ids of the members of {@code ref} (a group or a department). */
    Set<String> members(ApproverRef ref);

    /** No directory here (the shell, tests): every group or department lookup fails, so only listed users approve. */
    Directory NONE = ref -> {
        throw new Unavailable("no Lark contact API here");
    };

    /** The directory could not say who belongs to a group or department; the message says why, in one line. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
