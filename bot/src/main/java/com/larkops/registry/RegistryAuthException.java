package com.larkops.registry;

/** The registry refused our credentials or the token we got for them: fix the login, not the request. */
public class RegistryAuthException extends RegistryException {
    public RegistryAuthException(String what, String host, String repository, String nextStep) {
        super(what, host, repository, nextStep);
    }
}
