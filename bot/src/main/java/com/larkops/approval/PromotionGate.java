package com.larkops.approval;

import com.larkops.command.RefusedException;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.DurationText;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.registry.ImageConfig;
import com.larkops.registry.RegistryClient;
import com.larkops.release.ReleaseHistory;
import com.larkops.signature.SignatureGate;
import com.larkops.signature.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What must be true before prod is even asked: the digest passed its health gate in staging and stayed
 * healthy for the soak period, and its image metadata carries no secret. Each refusal says why.
 */
public final class PromotionGate {
    private final ReleaseHistory history;
    private final RegistryClient registry;
    private final Clock clock;
    private final SignatureGate signatures;

    public PromotionGate(ReleaseHistory history, RegistryClient registry, Clock clock) {
        this.history = history;
        this.registry = registry;
        this.clock = clock;
        this.signatures = SignatureGate.over(registry);
    }

    /**
     * For a service whose {@code verify.for} lists the env: the card's signature line ("signed by cosign.pub ✓");
     * an unsigned or wrongly signed digest is refused here, before any card offers an Approve button.
     */
    public Optional<String> signature(ServiceConfig service, Env env, Digest digest) {
        return signatures.require(service.name(), service.repository(), service.verify(), env, digest).map(Verdict::line);
    }

    /** Returns since when the digest has been healthy in staging; refuses otherwise. */
    public Instant check(ServiceConfig service, Digest digest, String version) {
        List<Release> staging = history.history(service.name(), Env.STAGING, 500).stream()
                .filter(r -> r.digest().equals(digest)).toList();
        Optional<Release> good = staging.stream().filter(Release::isKnownGood).findFirst();
        if (good.isEmpty()) {
            Optional<Release> live = staging.stream().filter(r -> r.outcome() == Release.Outcome.LIVE && r.healthyAt().isPresent()).findFirst();
            if (live.isPresent()) {
                Duration healthy = Duration.between(live.get().healthyAt().get(), clock.instant());
                Duration left = service.soak().minus(healthy);
                throw new RefusedException(service.name() + " " + version + " has been healthy in staging for "
                        + DurationText.human(healthy) + "; the soak period is " + DurationText.format(service.soak())
                        + (left.isNegative() ? "" : ", try again in " + DurationText.human(left)));
            }
            if (staging.stream().anyMatch(r -> r.outcome() == Release.Outcome.FAILED)) {
                throw new RefusedException(service.name() + " " + version + " (" + digest.shortForm()
                        + ") failed its health gate in staging; it cannot go to prod");
            }
            throw new RefusedException(service.name() + " " + version + " (" + digest.shortForm()
                    + ") never ran healthy in staging; /deploy " + service.name() + " " + version + " first");
        }
        List<SecretScan.Finding> findings = scan(service, digest);
        if (!findings.isEmpty()) {
            throw new RefusedException("image " + service.name() + " " + version + " carries secret-looking values in its metadata: "
                    + String.join("; ", findings.stream().map(Object::toString).toList())
                    + ". Pass secrets at run time (env_file), rebuild, and deploy again.");
        }
        return good.get().healthyAt().orElse(good.get().startedAt());
    }

    List<SecretScan.Finding> scan(ServiceConfig service, Digest digest) {
        ImageConfig config = registry.config(service.repository(), digest);
        return SecretScan.scan(config.env(), config.labels(),
                config.history().stream().map(ImageConfig.HistoryEntry::createdBy).toList());
    }
}
