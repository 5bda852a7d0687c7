package com.larkops.pipeline;

import com.larkops.model.Digest;

import java.util.Objects;

/** A manifest pushed under a tag, as the registry reported it (or the poller found it). */
public record Push(String repository, String tag, Digest digest, String source) {
    public Push {
        Objects.requireNonNull(repository);
        Objects.requireNonNull(tag);
        Objects.requireNonNull(digest);
        Objects.requireNonNull(source);
    }
}
