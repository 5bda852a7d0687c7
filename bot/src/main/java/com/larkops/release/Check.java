package com.larkops.release;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.larkops.model.Digest;

import java.time.Instant;
import java.util.List;

/**
 * A precondition of a step, as data: checked by the executor just before the step runs, against the live
 * state (the engine, the registry, the store). Its {@link Verdict} says go, skip (with a reason) or abort
 * the rest of the plan (with a reason).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "check")
@JsonSubTypes({@JsonSubTypes.Type(Check.Always.class), @JsonSubTypes.Type(Check.StillStopped.class),
        @JsonSubTypes.Type(Check.NotProtected.class), @JsonSubTypes.Type(Check.SubjectsGone.class)})
public sealed interface Check {
    Check ALWAYS = new Always();

    /** No precondition. */
    record Always() implements Check {
    }

    /** The container still exists and is not running (gone: skip; running again: skip). */
    record StillStopped(String container) implements Check {
    }

    /**
     * The digest did not become protected since the plan was made (a running container, an env tag, a
     * known-good or in-flight release, a pending approval): protected means skip; unable to read means abort.
     * {@code repository} null: a host image, where env tags are not read.
     */
    record NotProtected(String repository, Digest digest, Instant planMadeAt) implements Check {
    }

    /**
     * Every digest a signature (or other attached manifest) is attached to is gone from the registry and not
     * protected: one still there, or protected, means skip (the signature of a digest that stays is never
     * deleted); unable to read means abort.
     */
    record SubjectsGone(String repository, List<Digest> subjects, Instant planMadeAt) implements Check {
        public SubjectsGone {
            subjects = List.copyOf(subjects);
        }
    }

    /** The answer of a check. */
    record Verdict(Kind kind, String reason, com.larkops.i18n.Text why) {
        public enum Kind { GO, SKIP, ABORT }

        public static final Verdict GO = new Verdict(Kind.GO, "");

        /** {@code reason}: English, for the audit; {@code why}: the same as a person reads it. */
        public Verdict {
            why = why == null ? com.larkops.i18n.Text.verbatim(reason) : why;
        }

        public Verdict(Kind kind, String reason) {
            this(kind, reason, null);
        }

        public static Verdict skip(String reason) {
            return new Verdict(Kind.SKIP, reason);
        }

        public static Verdict skip(com.larkops.i18n.Text why) {
            return new Verdict(Kind.SKIP, why.in(com.larkops.i18n.Language.DEFAULT), why);
        }

        public static Verdict abort(String reason) {
            return new Verdict(Kind.ABORT, reason);
        }

        public static Verdict abort(com.larkops.i18n.Text why) {
            return new Verdict(Kind.ABORT, why.in(com.larkops.i18n.Language.DEFAULT), why);
        }
    }

    /** Evaluates checks against the live state; reads only, never changes anything. */
    @FunctionalInterface
    interface Evaluator {
        Verdict evaluate(Check check);
    }
}
