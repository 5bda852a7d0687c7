package com.larkops.registry;

import com.larkops.i18n.Explained;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

/**
 * Something went wrong talking to a registry. Carries the registry host and repository so a chat
 * reply or a log line can say where, and a next step so the user knows what to do about it: both as
 * {@link Text} (a chat user reads them in the configured language; the message is English, for logs).
 * Messages never contain credentials or tokens.
 */
public class RegistryException extends RuntimeException implements Explained {
    private final String host;
    private final String repository;
    private final transient Text text;
    private final transient Text nextStep;

    public RegistryException(Text what, String host, String repository, Text nextStep) {
        this(what, host, repository, nextStep, null);
    }

    public RegistryException(Text what, String host, String repository, Text nextStep, Throwable cause) {
        super(whole(what, nextStep).in(Language.DEFAULT), cause);
        this.text = whole(what, nextStep);
        this.host = host;
        this.repository = repository;
        this.nextStep = nextStep;
    }

    private static Text whole(Text what, Text nextStep) {
        return nextStep == null ? what : Msg.of("app.registry.error", what, nextStep);
    }

    /** The registry host, e.g. {@code 127.0.0.1:5000}. */
    public String host() {
        return host;
    }

    /** The repository concerned, or {@code null} for registry-wide calls such as a ping. */
    public String repository() {
        return repository;
    }

    /** What the user can do about it, already part of the message. */
    public Text nextStep() {
        return nextStep;
    }

    /** What went wrong and what to do, in any language. */
    @Override
    public Text text() {
        return text;
    }
}
