package com.larkops.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Plans as JSON, so an approval stores the exact plan it showed and Approve runs exactly that. */
public final class PlanCodec {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private PlanCodec() {
    }

    public static String toJson(Plan plan) {
        try {
            return JSON.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan cannot be stored: " + e.getMessage(), e);
        }
    }

    public static Plan fromJson(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(json);
            if (tree.has("target") && !tree.has("rollout")) {
                return fromDeployPlanJson(tree);
            }
            return JSON.treeToValue(tree, Plan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** A deploy plan stored by an older larkops (target, kind and container at the top, no title or lock). */
    private static Plan fromDeployPlanJson(com.fasterxml.jackson.databind.JsonNode tree) throws JsonProcessingException {
        Target target = JSON.treeToValue(tree.get("target"), Target.class);
        com.larkops.model.Release.Kind kind = com.larkops.model.Release.Kind.valueOf(tree.get("kind").asText());
        java.util.List<Step> steps = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode step : tree.get("steps")) {
            steps.add(JSON.treeToValue(step, Step.class));
        }
        String title = kind.label() + " " + target.service() + " " + target.version() + " (" + target.digest().shortForm()
                + ") to " + target.env();
        return new Plan(title, com.larkops.model.LockKey.of(target.serviceName(), target.env()), steps,
                new Plan.Rollout(target, kind, tree.get("container").asText(), tree.path("reusesKeptContainer").asBoolean()));
    }
}
