package com.larkops.pipeline;

import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Instant;
import java.util.Optional;

/**
 * No deploys (typed or automatic) to a scope until it expires or is lifted; break-glass rollbacks stay
 * allowed. An empty service or env means every service or both environments.
 */
public record Freeze(long id, Optional<ServiceName> service, Optional<Env> env, String by, Instant since,
                     Optional<Instant> until, String reason) {

    public boolean covers(ServiceName svc, Env e, Instant now) {
        return active(now) && service.map(svc::equals).orElse(true) && env.map(e::equals).orElse(true);
    }

    public boolean active(Instant now) {
        return until.map(now::isBefore).orElse(true);
    }

    /** What it covers, as a person reads it: {@code echo prod}, {@code all services (staging and prod)}. */
    public com.larkops.i18n.Text scope() {
        return GuardTexts.scope(service, env);
    }
}
