package com.larkops.registry;

/**
 * The registry could not be reached or answered with a server error or rate limit. Worth retrying
 * later; nothing about the request itself is wrong.
 */
public class RegistryUnavailableException extends RegistryException {
    public RegistryUnavailableException(String what, String host, String repository, String nextStep, Throwable cause) {
        super(what, host, repository, nextStep, cause);
    }
}
