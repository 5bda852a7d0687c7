package com.larkops.release;

import java.util.Optional;

/**
 * One check a change must pass before a plan is made. Pure: it reads the request and the facts the edge fetched
 * ({@link GateFacts}, asked only for what this gate needs) and answers empty (pass) or the refusal, one line.
 */
public interface Gate {
    /** The gate's name, as the README's table and the refusal name it. */
    Name name();

    Optional<com.larkops.i18n.Text> refusal(ChangeRequest request, GateFacts facts);

    /** The gates, in the order they run: who, what, whether, against what. */
    enum Name {
        WHO("who: chat, user, role"),
        WHAT("what: registry serves that digest under that tag"),
        KNOWN_GOOD("known-good in staging (soak)"),
        SECRETS("secret scan"),
        SIGNATURE("signature"),
        HOLD("hold"),
        FREEZE("freeze"),
        WINDOW("deploy window"),
        ENV_STATE("env unchanged since the request");

        private final String label;

        Name(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
