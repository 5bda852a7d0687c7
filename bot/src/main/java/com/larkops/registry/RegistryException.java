package com.larkops.registry;

/**
 * Something went wrong talking to a registry. Carries the registry host and repository so a chat
 * reply or a log line can say where, and a next step so the user knows what to do about it.
 * Messages never contain credentials or tokens.
 */
public class RegistryException extends RuntimeException {
    private final String host;
    private final String repository;
    private final String nextStep;

    public RegistryException(String what, String host, String repository, String nextStep) {
        this(what, host, repository, nextStep, null);
    }

    public RegistryException(String what, String host, String repository, String nextStep, Throwable cause) {
        super(nextStep == null || nextStep.isBlank() ? what : what + "; " + nextStep, cause);
        this.host = host;
        this.repository = repository;
        this.nextStep = nextStep;
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
    public String nextStep() {
        return nextStep;
    }
}
