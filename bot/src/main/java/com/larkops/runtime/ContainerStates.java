package com.larkops.runtime;

import com.github.dockerjava.api.command.InspectContainerResponse;

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
                Boolean.TRUE.equals(state.getOOMKilled()));
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
