package com.larkops.release;

import com.larkops.i18n.Text;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

import java.util.Optional;

/**
 * Whether deploys to a service/env are frozen now, and why (the text the refusal shows). Roll-forwards
 * are refused while frozen; break-glass rollbacks are not.
 */
@FunctionalInterface
public interface Freezes {
    Optional<Text> why(ServiceName service, Env env);

    Freezes NONE = (service, env) -> Optional.empty();
}
