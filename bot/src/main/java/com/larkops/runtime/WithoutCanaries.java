package com.larkops.runtime;

import com.larkops.model.Labels;

import java.util.List;

/**
 * The engine as the release code sees it: skill canaries are not there. A canary carries the service
 * and env labels of its skill, but it is no release: the planner must not retire it as "the old
 * container", /status must not call two running containers drift, and a deploy must not find its
 * digest "already running". The canary commands handle canaries with the full view.
 */
public final class WithoutCanaries extends ForwardingRuntime {
    public WithoutCanaries(ContainerRuntime engine) {
        super(engine);
    }

    @Override
    public List<ContainerState> listManaged() {
        return engine.listManaged().stream().filter(c -> !Labels.isCanary(c.labels())).toList();
    }

    @Override
    public List<ContainerState> listManaged(String service, com.larkops.model.Env env) {
        return engine.listManaged(service, env).stream().filter(c -> !Labels.isCanary(c.labels())).toList();
    }
}
