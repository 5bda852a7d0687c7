package com.larkops.retention;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;

import java.util.List;

/**
 * The plan's verdict on one attached manifest (a signature, attestation, referrers index or referrer): it goes
 * only when every digest it is attached to goes in the same plan or is already gone from the registry.
 *
 * @param tags     its tags (none for a referrer artifact); a deletion removes them all
 * @param subjects the digests it is attached to (one, unless the same manifest was copied under another tag)
 * @param reason   why, in every language
 */
public record AttachmentDecision(String repository, Digest manifest, String kind, List<String> tags, List<Digest> subjects,
                                 boolean delete, Text reason) {
    public AttachmentDecision {
        tags = List.copyOf(tags);
        subjects = List.copyOf(subjects);
    }

    /** The line in English (logs, tests). */
    public String describe() {
        return text().in(Language.DEFAULT);
    }

    /** Short, as chat lines go: the tags name the subject's digest again, and the stored plan has them whole. */
    public Text text() {
        Text untagged = tags.isEmpty() ? Msg.of("pipeline.prune.untagged_suffix") : Text.verbatim("");
        return delete ? Msg.of("pipeline.prune.attachment.delete", kind, manifest.shortForm(), untagged, reason)
                : Msg.of("pipeline.prune.attachment.keep", kind, manifest.shortForm(), untagged, reason);
    }
}
