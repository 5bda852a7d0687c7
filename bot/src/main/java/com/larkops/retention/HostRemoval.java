package com.larkops.retention;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;

import java.util.List;

/**
 * Something the plan removes from this host: a stopped larkops container beyond those kept for rollback,
 * or a local image no container and no protected release needs.
 *
 * @param target  the container name, or the local image id
 * @param refs    for an image, the references removed ({@code host/repo:tag}, {@code host/repo@sha256:…})
 * @param digest  the registry digest involved, null when unknown
 * @param size    bytes, null when unknown
 * @param why     why it goes, in every language
 */
public record HostRemoval(Kind kind, String target, List<String> refs, String service, Digest digest, Long size, Text why) {
    public enum Kind { CONTAINER, IMAGE }

    public HostRemoval {
        refs = List.copyOf(refs);
    }

    /** The line in English (logs, tests). */
    public String describe() {
        return text().in(Language.DEFAULT);
    }

    public Text text() {
        return kind == Kind.CONTAINER
                ? Msg.of("pipeline.prune.host.container", target, why)
                : Msg.of("pipeline.prune.host.image", String.join(", ", refs), size == null ? "" : " " + Sizes.human(size), why);
    }
}
