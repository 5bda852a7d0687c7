package com.larkops.pipeline;

import com.larkops.config.FollowPolicy;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.TagScheme;
import com.larkops.model.Version;
import com.larkops.registry.RegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * For registries that cannot send notifications ({@code follow_poll}): every interval, the newest release
 * version tag of each following service's repository is fed to the same {@link Follower} as a pushed one.
 * A digest seen before is not acted on twice, so a quiet registry costs one tag list per service.
 */
public final class RegistryPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryPoller.class);

    private final LarkopsConfig config;
    private final RegistryClient registry;
    private final Follower follower;
    private final com.larkops.release.ReleaseHistory history;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "registry-poll");
        t.setDaemon(true);
        return t;
    });

    public RegistryPoller(LarkopsConfig config, RegistryClient registry, Follower follower, com.larkops.release.ReleaseHistory history) {
        this.history = history;
        this.config = config;
        this.registry = registry;
        this.follower = follower;
    }

    public RegistryPoller start(Duration every) {
        return start(every, () -> true);
    }

    /** The same, polling each round only while {@code leads} (the replica holding the leader lease). */
    public RegistryPoller start(Duration every, java.util.function.BooleanSupplier leads) {
        timer.scheduleWithFixedDelay(() -> {
            if (leads.getAsBoolean()) {
                pollOnce();
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round over every following service. */
    public void pollOnce() {
        for (ServiceConfig s : config.services().values()) {
            FollowPolicy policy = config.follow().policy(s.serviceName());
            if (policy == FollowPolicy.OFF) {
                continue;
            }
            try {
                java.util.Optional<Version> current = history.live(s.serviceName(), com.larkops.model.Env.STAGING)
                        .flatMap(r -> Version.tryParse(r.version()));
                newest(registry.listTags(s.repository()), policy, current).ifPresent(tag ->
                        follower.onPush(new Push(s.repository(), tag, registry.resolve(s.repository(), tag), "poll")));
            } catch (RuntimeException e) {
                log.warn("polling {} failed: {}", s.repository(), e.getMessage());
            }
        }
    }

    /**
     * The newest release version the policy would take from {@code current}, else the newest of all (to be
     * announced); the immutable tag of a version wins over its convenience tag.
     */
    static java.util.Optional<String> newest(List<String> tags, FollowPolicy policy, java.util.Optional<Version> current) {
        java.util.Optional<String> within = newest(tags, v -> current.map(c -> v.withoutBuild().compareTo(c.withoutBuild()) > 0
                && switch (policy) {
                    case PATCH -> v.major() == c.major() && v.minor() == c.minor();
                    case MINOR -> v.major() == c.major();
                    default -> true;
                }).orElse(true));
        return within.isPresent() ? within : newest(tags, v -> true);
    }

    private static java.util.Optional<String> newest(List<String> tags, java.util.function.Predicate<Version> allowed) {
        return tags.stream()
                .map(t -> Map.entry(t, TagScheme.versionOf(t)))
                .filter(e -> e.getValue().isPresent() && !e.getValue().get().isPrerelease() && allowed.test(e.getValue().get()))
                .max(Comparator.<Map.Entry<String, java.util.Optional<Version>>, Version>comparing(e -> e.getValue().get().withoutBuild())
                        .thenComparing(e -> e.getKey().length()))
                .map(Map.Entry::getKey);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
