package com.larkops.retention;

import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;

import java.time.Instant;
import java.util.List;

/** The plan's verdict on one manifest: delete or keep, and every reason that led there (each in every language). */
public record ImageDecision(String repository, Digest digest, List<String> tags, Instant created, Long size,
                            boolean delete, List<Text> reasons) {
    public ImageDecision {
        tags = List.copyOf(tags);
        reasons = List.copyOf(reasons);
    }

    /** The line in English (logs, tests). */
    public String describe(Instant now) {
        return text(now).in(Language.DEFAULT);
    }

    /** {@code delete 1.0.0 sha256:… 40d old 12.0 MB — not among the newest 10, …}, in every language. */
    public Text text(Instant now) {
        Text what = tags.isEmpty() ? Msg.of("pipeline.prune.untagged") : Text.verbatim(String.join(", ", tags));
        String bytes = size == null ? "" : " " + Sizes.human(size);
        Text why = Text.joined("; ", reasons);
        return delete ? Msg.of("pipeline.prune.line.delete", what, digest.value(), Sizes.age(created, now), bytes, why)
                : Msg.of("pipeline.prune.line.keep", what, digest.value(), Sizes.age(created, now), bytes, why);
    }
}
