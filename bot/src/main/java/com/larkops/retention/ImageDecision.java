package com.larkops.retention;

import com.larkops.model.Digest;

import java.time.Instant;
import java.util.List;

/** The plan's verdict on one manifest: delete or keep, and every reason that led there. */
public record ImageDecision(String repository, Digest digest, List<String> tags, Instant created, Long size,
                            boolean delete, List<String> reasons) {
    public ImageDecision {
        tags = List.copyOf(tags);
        reasons = List.copyOf(reasons);
    }

    public String describe(Instant now) {
        String what = tags.isEmpty() ? "(untagged)" : String.join(", ", tags);
        return (delete ? "delete " : "keep   ") + what + " " + digest.value() + " " + Sizes.age(created, now)
                + (size == null ? "" : " " + Sizes.human(size)) + " — " + String.join("; ", reasons);
    }
}
