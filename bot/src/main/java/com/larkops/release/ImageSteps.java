package com.larkops.release;

import com.larkops.runtime.RuntimeChanges;
import com.larkops.runtime.RuntimeReads;

/** The image steps: {@link Step.Pull} (only when the host lacks the image) and {@link Step.RemoveImage}. */
final class ImageSteps {
    private final RuntimeReads runtime;
    private final RuntimeChanges changes;

    ImageSteps(RuntimeReads runtime, RuntimeChanges changes) {
        this.runtime = runtime;
        this.changes = changes;
    }

    void pull(Step.Pull p) {
        if (!runtime.hasImage(p.image())) {
            changes.pull(p.image());
        }
    }

    /** The engine refuses while a container uses the image: the step fails, and the plan goes on ({@link Step.OnFailure#WARN}). */
    void remove(Step.RemoveImage r) {
        r.refs().forEach(changes::removeImage);
    }
}
