package com.larkops.runtime;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HealthCheck;
import com.larkops.model.Digest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The image half of {@link DockerRuntime}: presence, pull by digest, HEALTHCHECK, removal. */
final class DockerImages {
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final DockerClient docker;
    private final EngineErrors errors;

    DockerImages(DockerClient docker, EngineErrors errors) {
        this.docker = docker;
        this.errors = errors;
    }

    Optional<InspectImageResponse> find(String imageRef) {
        return errors.call(Msg.of("app.engine.do.inspect_image", imageRef), () -> {
            try {
                return Optional.of(docker.inspectImageCmd(imageRef).exec());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    void pull(String imageRef) {
        requireDigestPinned(imageRef);
        if (find(imageRef).isPresent()) {
            return;
        }
        Text action = Msg.of("app.engine.do.pull", imageRef);
        PullProgress progress = new PullProgress();
        try {
            boolean done = docker.pullImageCmd(imageRef).exec(progress).awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                closeQuietly(progress);
                throw new RuntimeOperationException(Msg.of("app.engine.timeout.minutes", action, PULL_TIMEOUT.toMinutes()));
            }
        } catch (NotFoundException e) {
            throw new ImageNotFoundException(Msg.of("app.engine.no_such_image", action, EngineErrors.engineMessage(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(progress);
            throw new RuntimeOperationException(Msg.of("app.engine.interrupted", action), e);
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
        String error = progress.firstError();
        if (error != null) {
            throw looksMissing(error)
                    ? new ImageNotFoundException(Msg.of("app.engine.no_such_image", action, error))
                    : new RuntimeOperationException(EngineErrors.failed(action, error));
        }
        // the stream can end "successfully" without the image, e.g. when the engine lost the connection to the registry
        if (find(imageRef).isEmpty()) {
            throw new RuntimeOperationException(Msg.of("app.engine.pull_lost", action));
        }
    }

    boolean hasHealthcheck(String imageRef) {
        InspectImageResponse image = find(imageRef)
                .orElseThrow(() -> new ImageNotFoundException(Msg.of("app.engine.image_absent", imageRef)));
        HealthCheck check = image.getConfig() == null ? null : image.getConfig().getHealthcheck();
        List<String> test = check == null ? null : check.getTest();
        // ["NONE"] is how an image switches off a HEALTHCHECK inherited from its base
        return test != null && !test.isEmpty() && !"NONE".equals(test.get(0));
    }

    void remove(String imageRef) {
        errors.call(Msg.of("app.engine.do.remove_image", imageRef), () -> {
            Optional<InspectImageResponse> image = find(imageRef);
            if (image.isEmpty()) {
                return null;
            }
            // the engine only refuses when this is the image's last reference (another one is just untagged), so check every container
            List<String> users = docker.listContainersCmd().withShowAll(true).exec().stream()
                    .filter(c -> image.get().getId().equals(c.getImageId()))
                    .map(c -> c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId())
                    .toList();
            if (!users.isEmpty()) {
                throw new RuntimeOperationException(Msg.of("app.engine.image_in_use", imageRef, String.join(", ", users)));
            }
            docker.removeImageCmd(imageRef).withForce(false).exec();
            return null;
        });
    }

    List<LocalImage> list(String repository) {
        return errors.call(Msg.of("app.engine.do.list_images", repository), () -> docker.listImagesCmd().withShowAll(false).exec().stream()
                .map(i -> new LocalImage(i.getId(), inRepository(i.getRepoTags(), repository, ':'),
                        inRepository(i.getRepoDigests(), repository, '@'),
                        i.getCreated() == null ? null : java.time.Instant.ofEpochSecond(i.getCreated()),
                        i.getSize() == null ? 0 : i.getSize()))
                .filter(i -> !i.repoTags().isEmpty() || !i.repoDigests().isEmpty())
                .toList());
    }

    // exact repository match: "host/skills/echo" must not pick up "host/skills/echo-admin"
    private static List<String> inRepository(String[] refs, String repository, char separator) {
        if (refs == null) {
            return List.of();
        }
        return java.util.Arrays.stream(refs).filter(r -> r.startsWith(repository + separator)).toList();
    }

    private static void requireDigestPinned(String imageRef) {
        int at = imageRef == null ? -1 : imageRef.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("'" + imageRef + "' is not pinned by digest; larkops pulls repository@sha256:… only");
        }
        Digest.parse(imageRef.substring(at + 1));
    }

    private static boolean looksMissing(String engineError) {
        String lower = engineError.toLowerCase();
        return lower.contains("not found") || lower.contains("manifest unknown") || lower.contains("does not exist");
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the stream is being abandoned anyway
        }
    }
}
