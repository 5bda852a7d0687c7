package com.larkops.approval;

import com.larkops.cards.WhatChanged;
import com.larkops.config.ServiceConfig;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Labels;
import com.larkops.registry.RegistryClient;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.RuntimeReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads what a prod approval card shows under "What changed": each image's manifest and config blob (labels,
 * layer sizes; no layer is pulled) and the staging container that runs the candidate (its restart count). A
 * registry or engine that does not answer makes the section say so in one line; it never stops a request.
 */
public final class WhatChangedReader {
    private static final Logger log = LoggerFactory.getLogger(WhatChangedReader.class);
    private final RegistryClient registry;
    private final RuntimeReads runtime;

    public WhatChangedReader(RegistryClient registry, RuntimeReads runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    /** The section's markdown for the card in every language (escaped and bounded by {@link WhatChanged}). */
    public Text text(ServiceConfig service, Digest candidate, Optional<Digest> prod, Instant healthySince, Instant now) {
        try {
            return read(service, candidate, prod, healthySince, now).text();
        } catch (RuntimeException e) {
            log.warn("what changed for {} {}: {}", service.name(), candidate.shortForm(), e.getMessage());
            return Msg.of("approval.changed.unavailable", com.larkops.cards.Md.escape(
                    com.larkops.model.Text.clip(String.valueOf(e.getMessage()))));
        }
    }

    WhatChanged read(ServiceConfig service, Digest candidate, Optional<Digest> prod, Instant healthySince, Instant now) {
        Optional<WhatChanged.Side> before = prod.filter(d -> !d.equals(candidate)).map(d -> side(service, d));
        Duration soaked = healthySince == null ? null : Duration.between(healthySince, now).withNanos(0);
        return new WhatChanged(before, side(service, candidate), Optional.ofNullable(soaked), restarts(service, candidate));
    }

    private WhatChanged.Side side(ServiceConfig service, Digest digest) {
        return new WhatChanged.Side(digest.value(), registry.config(service.repository(), digest).labels(),
                registry.layersSize(service.repository(), digest));
    }

    /** The restarts of the running staging container of the candidate, if one runs (an inspect knows the count). */
    private OptionalInt restarts(ServiceConfig service, Digest candidate) {
        try {
            return runtime.listManaged(service.serviceName(), Env.STAGING).stream()
                    .filter(c -> c.running() && candidate.value().equals(c.label(Labels.DIGEST)))
                    .map(c -> runtime.inspect(c.id())).flatMap(Optional::stream).mapToInt(ContainerState::restartCount)
                    .reduce(Integer::sum).stream().boxed().findFirst().map(OptionalInt::of).orElse(OptionalInt.empty());
        } catch (RuntimeException e) {
            log.warn("restarts of {} in staging: {}", service.name(), e.getMessage());
            return OptionalInt.empty();
        }
    }
}
