package com.larkops.pipeline;

import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.time.Instant;

/**
 * A human took one service/env out of automatic deploys: a {@code /rollback} there, or {@code /hold}.
 * {@code digest} is what ran when the hold was set (empty when nothing ran).
 */
public record Hold(ServiceName service, Env env, String digest, String by, Instant since, String reason) {
}
