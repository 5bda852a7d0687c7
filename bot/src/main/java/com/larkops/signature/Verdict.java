package com.larkops.signature;

import java.util.Optional;

/** The answer for one digest: signed by a named key, or not, and why. */
public record Verdict(Optional<String> signedBy, String detail) {

    static Verdict signed(String keyName, String how) {
        return new Verdict(Optional.of(keyName), how);
    }

    static Verdict unsigned(String why) {
        return new Verdict(Optional.empty(), why);
    }

    public boolean isSigned() {
        return signedBy.isPresent();
    }

    /** One line for a card or a reply. */
    public String line() {
        return signedBy.map(k -> "signed by " + k + " ✓").orElse("not signed: " + detail);
    }
}
