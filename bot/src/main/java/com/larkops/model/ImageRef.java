package com.larkops.model;

import com.larkops.i18n.Msg;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An image reference as Docker accepts it: {@code [registry/]repository[:tag][@digest]}.
 *
 * <p>Docker Hub is normalised the way Docker does it: a {@code null} registry means {@code docker.io}
 * ({@code docker.io} and {@code index.docker.io} are stored as {@code null}), and a one-component Docker Hub
 * repository gets its {@code library/} prefix, so {@code busybox} and {@code docker.io/library/busybox} are equal.
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
    public static final String DEFAULT_REGISTRY = "docker.io";

    private static final String LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-fA-F:]*:[0-9a-fA-F:]*\\])(?::([0-9]{1,5}))?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
    private static final Set<String> FLOATING = Set.of(
            "latest", "staging", "prod", "main", "master", "edge", "nightly", "stable");
    private static final int MAX_NAME_LENGTH = 255;
    // registry/name (255) + ':' + tag (128) + '@sha256:' + 64 hex; anything longer is refused before any regex runs
    private static final int MAX_INPUT_LENGTH = MAX_NAME_LENGTH + 1 + 128 + 1 + 71;
    private static final Msg TAG_PROBLEM = Msg.of("command.image.tag");

    public ImageRef {
        if (registry != null && (registry.equals(DEFAULT_REGISTRY) || registry.equals("index.docker.io"))) {
            registry = null;
        }
        if (registry == null && repository != null && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        Msg problem = registry == null ? null : registryProblem(registry);
        if (problem == null) {
            problem = repositoryProblem(repository);
        }
        if (problem == null && tag != null && !TagScheme.isValidTag(tag)) {
            problem = TAG_PROBLEM;
        }
        if (problem != null) {
            String name = (registry == null ? "" : registry + "/") + Objects.requireNonNullElse(repository, "");
            throw invalid(name + (tag == null ? "" : ":" + tag), problem);
        }
    }

    /** Parses every form Docker accepts, e.g. {@code busybox}, {@code [::1]:5000/a/b:t}, {@code a/b:t@sha256:...}. */
    public static ImageRef parse(String text) {
        String input = text == null ? "" : text.trim();
        if (input.isEmpty()) {
            throw new InvalidInputException(Msg.of("command.image.required"));
        }
        if (input.length() > MAX_INPUT_LENGTH) {
            throw invalid(input, Msg.of("command.image.too_long"));
        }
        String rest = input;
        Digest digest = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            try {
                digest = new Digest(rest.substring(at + 1));
            } catch (InvalidInputException e) {
                throw invalid(input, Msg.of("command.image.digest"));
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TagScheme.isValidTag(tag)) {
                throw invalid(input, TAG_PROBLEM);
            }
        }
        if (rest.length() > MAX_NAME_LENGTH) {
            throw invalid(input, Msg.of("command.image.name_too_long", MAX_NAME_LENGTH));
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash >= 0 && looksLikeRegistry(rest.substring(0, slash))) {
            registry = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
            Msg problem = registryProblem(registry);
            if (problem != null) {
                throw invalid(input, problem);
            }
        }
        Msg problem = repositoryProblem(rest);
        if (problem != null) {
            throw invalid(input, problem);
        }
        return new ImageRef(registry, rest, tag, digest);
    }

    private static boolean looksLikeRegistry(String firstComponent) {
        return firstComponent.contains(".") || firstComponent.contains(":")
                || firstComponent.equals("localhost") || firstComponent.startsWith("[");
    }

    private static Msg registryProblem(String registry) {
        var m = REGISTRY.matcher(registry);
        if (!m.matches()) {
            return Msg.of("command.image.registry");
        }
        if (m.group(1) != null) {
            int port = Integer.parseInt(m.group(1));
            if (port < 1 || port > 65535) {
                return Msg.of("command.image.port");
            }
        }
        return null;
    }

    private static Msg repositoryProblem(String repository) {
        if (repository == null || repository.isEmpty()) {
            return Msg.of("command.image.no_repository");
        }
        boolean allValid = true;
        boolean onlyCase = true;
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                allValid = false;
                onlyCase &= PATH_COMPONENT.matcher(component.toLowerCase(Locale.ROOT)).matches();
            }
        }
        if (allValid) {
            return null;
        }
        if (onlyCase) {
            return Msg.of("command.image.uppercase");
        }
        return Msg.of("command.image.components");
    }

    private static InvalidInputException invalid(String input, Msg problem) {
        return new InvalidInputException(Msg.of("command.image.invalid", Text.clip(input), problem));
    }

    public ImageRef withDigest(Digest newDigest) {
        return new ImageRef(registry, repository, tag, Objects.requireNonNull(newDigest, "digest"));
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(registry, repository, newTag, digest);
    }

    /** The registry host to talk to; {@code docker.io} when none was given. */
    public String registryOrDefault() {
        return registry == null ? DEFAULT_REGISTRY : registry;
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registryOrDefault() + "/" + repository;
    }

    public boolean isPinned() {
        return digest != null;
    }

    /** {@code registry/repository@sha256:...}: what is actually deployed; the tag is left out on purpose. */
    public String pinned() {
        if (digest == null) {
            throw new IllegalStateException(this + " has no digest; resolve the tag to a digest first");
        }
        return name() + "@" + digest;
    }

    /**
     * Whether the tag alone says nothing about which build it is: no tag (means {@code latest}), a well-known
     * moving tag, or anything that is not a version tag. Says nothing about the digest; see {@link #isPinned()}.
     */
    public boolean isFloatingTag() {
        return tag == null || FLOATING.contains(tag)
                || !(TagScheme.isVersionTag(tag) || TagScheme.isImmutable(tag));
    }

    /** Fully qualified: {@code docker.io/library/busybox:1.36}, {@code reg:5000/a/b:t@sha256:...}. */
    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
