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
            return JSON.readValue(json, Plan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
