package com.larkops.approval;

import com.larkops.command.RefusedException;
import com.larkops.config.ServiceConfig;
import com.larkops.i18n.Msg;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.registry.RegistryClient;
import com.larkops.release.ReleaseHistory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What a prod approval card shows about staging: since when the digest has been known-good there. Whether it may
 * go to prod at all (known-good, secrets, signature, freeze) is decided before, by the {@code release.Gates}.
 */
public final class PromotionGate {
    private final ReleaseHistory history;

    public PromotionGate(ReleaseHistory history, RegistryClient registry, Clock clock) {
        this.history = history;
    }

    /** Since when the digest has been healthy in staging (its known-good release's health time). */
    public Instant check(ServiceConfig service, Digest digest, String version) {
        Optional<Release> good = history.history(service.serviceName(), Env.STAGING, 500).stream()
                .filter(r -> r.digest().equals(digest)).filter(Release::isKnownGood).findFirst();
        return good.map(g -> g.healthyAt().orElse(g.startedAt())).orElseThrow(() -> new RefusedException(
                Msg.of("approval.not_known_good", service.name(), version, digest.shortForm())));
    }
}
