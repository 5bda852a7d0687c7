package com.larkops.skill;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.runtime.ContainerState;

/** A running container of a skill that can take invocations: the live one or its canary (with its share). */
public record Endpoint(String service, String container, Env env, String version, String digest, boolean canary,
                       int weight) {

    static Endpoint of(ContainerState c) {
        boolean canary = Labels.isCanary(c.labels());
        int weight = 0;
        if (canary) {
            try {
                weight = Integer.parseInt(c.label(Labels.CANARY_WEIGHT));
            } catch (NumberFormatException | NullPointerException e) {
                weight = 0; // an unreadable share sends it nothing: the live container keeps serving
            }
        }
        return new Endpoint(c.label(Labels.SERVICE), c.name(), Env.parse(c.label(Labels.ENV)), c.label(Labels.VERSION),
                c.label(Labels.DIGEST), canary, Math.max(0, Math.min(99, weight)));
    }

    public String shortDigest() {
        return Digest.shortOf(digest);
    }

    /** "echo prod 1.0.0 (sha256:ab12…) live" or "… canary 50%". */
    public com.larkops.i18n.Text describe() {
        return canary ? com.larkops.i18n.Msg.of("pipeline.skill.endpoint_canary", service, env, version, shortDigest(), weight)
                : com.larkops.i18n.Msg.of("pipeline.skill.endpoint_live", service, env, version, shortDigest());
    }
}
