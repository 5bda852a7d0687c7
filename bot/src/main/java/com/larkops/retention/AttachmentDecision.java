package com.larkops.retention;

import com.larkops.model.Digest;

import java.util.List;

/**
 * The plan's verdict on one attached manifest (a signature, attestation, referrers index or referrer): it goes
 * only when every digest it is attached to goes in the same plan or is already gone from the registry.
 *
 * @param tags     its tags (none for a referrer artifact); a deletion removes them all
 * @param subjects the digests it is attached to (one, unless the same manifest was copied under another tag)
 */
public record AttachmentDecision(String repository, Digest manifest, String kind, List<String> tags, List<Digest> subjects,
                                 boolean delete, String reason) {
    public AttachmentDecision {
        tags = List.copyOf(tags);
        subjects = List.copyOf(subjects);
    }

    /** Short, as chat lines go: the tags name the subject's digest again, and the stored plan has them whole. */
    public String describe() {
        return (delete ? "delete " : "keep   ") + kind + " " + manifest.shortForm() + (tags.isEmpty() ? " (untagged)" : "")
                + " — " + reason;
    }
}
