package com.larkops.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code larkops.yaml} as written, one record per mapping: Jackson binds the file onto these and refuses any
 * key that is not a component here (keys are the components' names in snake_case). A missing key is null;
 * {@link ConfigFile} checks the values, fills the defaults and builds the validated config.
 */
final class YamlShape {
    private YamlShape() {
    }

    record File(String registry, Boolean registryInsecure, List<String> chats, Roles roles, Map<String, Service> services,
                String network, Integer keepStopped, Duration approvalTtl, Schedule pruneSchedule, Duration followPoll,
                Verify verify, String runtime, Approvals approvals, String timezone, Map<String, Windows> windows) {
    }

    /** {@code approvals:} per env; only prod asks for approvals. */
    record Approvals(ProdApprovals prod) {
    }

    record ProdApprovals(List<String> approvers, Integer required, String mode, String approvalCode) {
    }

    /** One env's deploy window: weekly periods and dates (see window/Period). */
    record Windows(List<String> allow, List<String> deny) {
    }

    record Roles(List<String> deployers, List<String> approvers) {
    }

    /** The Swarm keys (replicas … health_start_period) sit beside the others; they are allowed only with {@code runtime: swarm}. */
    record Service(String repository, Integer port, String health, String envFile, Duration soak, Duration healthTimeout,
                   String memory, Double cpus, Duration stopGrace, Retention retention, Boolean skill, List<String> commands,
                   Duration timeout, String role, List<String> volumes, String follow, String chat, Verify verify,
                   Integer replicas, Integer updateParallelism, List<String> constraints, JsonNode healthCmd,
                   Duration healthInterval, Integer healthRetries, Duration healthStartPeriod, List<Object> groupAdd) {
    }

    record Retention(Integer keepVersions, Integer keepDays, Integer keepKnownGood, Integer untaggedDays) {
    }

    record Schedule(Duration every, Boolean apply, String chat) {
    }

    record Verify(List<String> keys, @JsonProperty("for") List<String> envs) {
    }
}
