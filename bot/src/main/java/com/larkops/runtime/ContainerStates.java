package com.larkops.runtime;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Turns docker-java's inspect answer into our {@link ContainerState}, so no docker-java type leaves this package. */
final class ContainerStates {
    // the engine writes Go's zero time for "never started" / "never finished"
    private static final String GO_ZERO_TIME_PREFIX = "0001-01-01";

    private ContainerStates() {
    }

    static ContainerState from(InspectContainerResponse inspected) {
        InspectContainerResponse.ContainerState state = inspected.getState();
        var config = inspected.getConfig();
        boolean neverStarted = state.getStartedAt() == null || state.getStartedAt().startsWith(GO_ZERO_TIME_PREFIX);
        return new ContainerState(
                inspected.getId(),
                stripSlash(inspected.getName()),
                config == null ? null : config.getImage(),
                inspected.getImageId(),
                config == null ? null : config.getLabels(),
                Boolean.TRUE.equals(state.getRunning()),
                state.getStatus(),
                neverStarted || state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue(),
                instant(inspected.getCreated()),
                instant(state.getStartedAt()),
                instant(state.getFinishedAt()),
                state.getHealth() == null ? null : state.getHealth().getStatus(),
                Boolean.TRUE.equals(state.getOOMKilled()),
                inspected.getRestartCount() == null ? 0 : inspected.getRestartCount());
    }

    /**
     * What one entry of the engine's container listing tells without an inspect: id, name, image, labels,
     * whether it runs and when it was created. Start and finish times, exit code and health stay unknown
     * (null); a caller that must order containers by when they last ran inspects them.
     */
    static ContainerState fromListing(Container listed) {
        String[] names = listed.getNames();
        String name = names == null || names.length == 0 ? listed.getId() : stripSlash(names[0]);
        return new ContainerState(listed.getId(), name, listed.getImage(), listed.getImageId(), listed.getLabels(),
                "running".equals(listed.getState()), listed.getState(), null,
                listed.getCreated() == null ? null : Instant.ofEpochSecond(listed.getCreated()), null, null, null, false);
    }

    // the engine reports names as "/name"
    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank() || text.startsWith(GO_ZERO_TIME_PREFIX)) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
