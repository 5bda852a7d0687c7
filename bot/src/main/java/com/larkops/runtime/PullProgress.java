package com.larkops.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;

/**
 * Watches every progress item of a pull: the engine reports some failures as an error item inside
 * an otherwise normal stream, and docker-java then completes without throwing.
 */
final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
    private volatile String firstError;

    @Override
    public void onNext(PullResponseItem item) {
        if (firstError == null && item.isErrorIndicated()) {
            String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage()
                    : item.getError();
            firstError = message == null || message.isBlank() ? "unspecified error" : message;
        }
    }

    /** The first error the engine reported in the stream, or null. */
    String firstError() {
        return firstError;
    }
}
