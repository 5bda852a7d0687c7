package com.larkops.release;

import com.larkops.command.RefusedException;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ImageRef;
import com.larkops.model.InvalidInputException;
import com.larkops.model.Labels;
import com.larkops.model.TagScheme;
import com.larkops.model.Text;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryNotFoundException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a change targets, read from the registry once: the digest a version, tag or digest names now, and the version
 * the registry's tag gives it — never what the image says of itself. Read-only.
 */
final class TargetResolver {
    /** At most this many of a repository's version tags are compared with a bare digest to name its version. */
    static final int VERSION_TAGS_COMPARED = 100;

    private final RegistryClient registry;

    TargetResolver(RegistryClient registry) {
        this.registry = registry;
    }

    /**
     * Resolves a version, tag or digest to the digest it names now, once. A name the registry does not
     * know is the user's mistake, answered in one line; an image that sets {@code larkops.*} labels itself
     * is refused, since those labels decide which container is whose.
     */
    Target resolve(ServiceConfig service, Env env, String reference) {
        String repo = service.repository();
        Digest digest;
        String version;
        try {
            if (Digest.looksLikeDigest(reference)) {
                digest = Digest.parse(reference);
                registry.resolve(repo, digest.value());
                version = null;
            } else {
                if (!TagScheme.isValidTag(reference)) {
                    throw new InvalidInputException("'" + Text.clip(reference) + "' is neither a version, a tag nor a sha256: digest");
                }
                if (env == Env.PROD && !TagScheme.isVersionTag(reference)) {
                    throw new RefusedException("prod takes a version or a digest, never a floating tag like '" + Text.clip(reference)
                            + "'; use e.g. 1.4.2 or sha256:…");
                }
                digest = registry.resolve(repo, reference);
                version = TagScheme.isVersionTag(reference) ? reference : null;
            }
        } catch (RegistryNotFoundException e) {
            throw new RefusedException(e.text()); // the registry says what is missing, in the user's language
        }
        Map<String, String> labels = imageLabels(repo, digest);
        List<String> own = labels.keySet().stream().filter(k -> k.startsWith(Labels.PREFIX)).sorted().toList();
        if (!own.isEmpty()) {
            throw new RefusedException(service.name() + " " + Text.clip(reference) + " (" + digest.shortForm() + ") sets "
                    + Text.clip(String.join(", ", own)) + " itself; larkops sets every " + Labels.PREFIX
                    + "* label on its containers — remove those LABEL lines from the image and push it again");
        }
        if (version == null) {
            // the version is what the registry calls it, never what the image says of itself (a label is the author's claim)
            version = Digest.looksLikeDigest(reference) ? versionTagOf(repo, digest).orElse(digest.shortForm()) : reference;
        }
        // validated once as a reference: what every later step pulls and runs
        String image = new ImageRef(registry.host(), repo, null, digest).pinned();
        return new Target(service.name(), env, digest, version, image);
    }

    /**
     * The labels of every platform image of the digest (an index's too, not only the one this host runs); an image
     * whose config cannot be read is not deployed (its labels are unknown).
     */
    private Map<String, String> imageLabels(String repo, Digest digest) {
        try {
            Map<String, String> all = new java.util.HashMap<>();
            registry.configs(repo, digest).values().forEach(c -> all.putAll(c.labels()));
            return all;
        } catch (RegistryNotFoundException e) {
            throw new RefusedException(e.text()); // the registry says what is missing, in the user's language
        }
    }

    /**
     * The release version tag that points at {@code digest} in the registry now (the highest; the plain {@code 1.4.2}
     * before its {@code 1.4.2_git.…}), comparing at most {@link #VERSION_TAGS_COMPARED} version tags, newest first.
     */
    private Optional<String> versionTagOf(String repo, Digest digest) {
        List<String> tags = registry.listTags(repo).stream().filter(TagScheme::isVersionTag)
                .sorted(java.util.Comparator.comparing((String t) -> TagScheme.versionOf(t).orElseThrow()).reversed()
                        .thenComparing(String::length))
                .limit(VERSION_TAGS_COMPARED).toList();
        for (String tag : tags) {
            if (registry.tagTarget(repo, tag).map(digest::equals).orElse(false)) {
                return Optional.of(tag);
            }
        }
        return Optional.empty();
    }
}
