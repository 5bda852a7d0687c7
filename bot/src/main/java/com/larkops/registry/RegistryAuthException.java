package com.larkops.registry;

/** The registry refused our credentials or the token we got for them: fix the login, not the request. */
public class RegistryAuthException extends RegistryException {
    public RegistryAuthException(com.larkops.i18n.Text what, String host, String repository, com.larkops.i18n.Text nextStep) {
        super(what, host, repository, nextStep);
    }
}
