package com.larkops.release;

import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;

/**
 * What a deploy puts live: a digest resolved once, with the version humans know it by. The service stays text in
 * the record because stored plans (PlanCodec) hold it as {@code "service":"echo"}; it is checked here and handed
 * inward as {@link #serviceName()}.
 */
public record Target(String service, Env env, Digest digest, String version, String image) {
    public Target {
        service = new ServiceName(service).value();
    }

    public Target(ServiceName service, Env env, Digest digest, String version, String image) {
        this(service.value(), env, digest, version, image);
    }

    public ServiceName serviceName() {
        return new ServiceName(service);
    }
}
