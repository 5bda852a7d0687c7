package com.larkops.registry;

/** The tag, digest or repository does not exist in the registry: usually a typo or a push that never happened. */
public class RegistryNotFoundException extends RegistryException {
    public RegistryNotFoundException(String what, String host, String repository, String nextStep) {
        super(what, host, repository, nextStep);
    }
}
