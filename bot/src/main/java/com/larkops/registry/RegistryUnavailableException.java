package com.larkops.registry;

/**
 * The registry could not be reached or answered with a server error or rate limit. Worth retrying
 * later; nothing about the request itself is wrong.
 */
public class RegistryUnavailableException extends RegistryException {
    public RegistryUnavailableException(com.larkops.i18n.Text what, String host, String repository, com.larkops.i18n.Text nextStep, Throwable cause) {
        super(what, host, repository, nextStep, cause);
    }
}
