package com.larkops.retention;

import com.larkops.model.Digest;
import com.larkops.model.Release;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per digest, the last instant it was deployed or serving. "Deployed within D days" must count a digest
 * that went live 40 days ago and was replaced yesterday: it served until its successor started.
 */
final class InService {
    private InService() {
    }

    static Map<Digest, Instant> lastSeen(List<Release> releases, Instant now) {
        Map<String, List<Release>> byServiceEnv = new HashMap<>();
        for (Release r : releases) {
            byServiceEnv.computeIfAbsent(r.service() + "\u0000" + r.env().tag(), k -> new ArrayList<>()).add(r);
        }
        Map<Digest, Instant> last = new HashMap<>();
        for (List<Release> rows : byServiceEnv.values()) {
            rows.sort(Comparator.comparingLong(Release::id));
            // walking newest to oldest, the start of the nearest later release that served
            Instant successorStart = null;
            for (int i = rows.size() - 1; i >= 0; i--) {
                Release r = rows.get(i);
                Instant until = switch (r.outcome()) {
                    case FAILED, CANCELLED -> r.finishedAt().orElse(r.startedAt());
                    case LIVE, IN_PROGRESS, AWAITING_APPROVAL -> now;
                    case SUPERSEDED -> successorStart == null ? now : successorStart;
                };
                if (until.isBefore(r.startedAt())) {
                    until = r.startedAt();
                }
                last.merge(r.digest(), until, (a, b) -> a.isAfter(b) ? a : b);
                if (r.outcome() == Release.Outcome.LIVE || r.outcome() == Release.Outcome.SUPERSEDED
                        || r.outcome() == Release.Outcome.IN_PROGRESS) {
                    successorStart = r.startedAt();
                }
            }
        }
        return last;
    }
}
