package com.larkops.release;

import com.larkops.model.Digest;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryNotFoundException;

import java.util.Optional;

/**
 * The registry steps: {@link Step.MoveTag} points an env tag at the digest that now serves there;
 * {@link Step.DeleteManifest} and {@link Step.DeleteAttachment} delete a manifest, skipped when it is already gone.
 */
final class RegistrySteps {
    private final RegistryClient registry;

    RegistrySteps(RegistryClient registry) {
        this.registry = registry;
    }

    void moveTag(Step.MoveTag t) {
        registry.tag(t.repository(), t.digest(), t.tag());
    }

    Optional<String> deleteManifest(Step.DeleteManifest d, StepHandlers.StepRun run) {
        return delete(d.repository(), d.digest());
    }

    Optional<String> deleteAttachment(Step.DeleteAttachment d, StepHandlers.StepRun run) {
        return delete(d.repository(), d.digest());
    }

    private Optional<String> delete(String repository, Digest digest) {
        try {
            registry.delete(repository, digest);
            return Optional.empty();
        } catch (RegistryNotFoundException e) {
            return Optional.of("already gone");
        }
    }
}
