package com.larkops.registry;

/** The tag, digest or repository does not exist in the registry: usually a typo or a push that never happened. */
public class RegistryNotFoundException extends RegistryException {
    public RegistryNotFoundException(com.larkops.i18n.Text what, String host, String repository, com.larkops.i18n.Text nextStep) {
        super(what, host, repository, nextStep);
    }
}
