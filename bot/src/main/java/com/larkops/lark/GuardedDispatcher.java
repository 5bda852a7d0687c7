package com.larkops.lark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lark.oapi.event.EventDispatcher;

/**
 * The SDK dispatcher with our {@link EventGuard} in front of its no-validation entry point — the entry
 * both our webhook (after checking the signature) and the SDK's long-connection client use — so token,
 * age and dedup are checked whatever transport delivered the event.
 */
public final class GuardedDispatcher extends EventDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventGuard guard;

    public GuardedDispatcher(EventDispatcher.Builder builder, EventGuard guard) {
        super(builder);
        this.guard = guard;
    }

    public EventGuard guard() {
        return guard;
    }

    @Override
    public Object doWithoutValidation(byte[] payload) throws Throwable {
        guard.admit(JSON.readTree(payload));
        return super.doWithoutValidation(payload);
    }
}
