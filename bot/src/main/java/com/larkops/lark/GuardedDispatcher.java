package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lark.oapi.event.EventDispatcher;
import com.larkops.command.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK dispatcher with our {@link EventGuard} in front of its no-validation entry point — the entry
 * both our webhook (after checking the signature) and the SDK's long-connection client use — so token,
 * age and dedup are checked whatever transport delivered the event.
 *
 * <p>The webhook wants rejections as exceptions (it maps them to HTTP statuses). The long connection
 * answers Lark with whatever this returns, and an exception there becomes an SDK error log and a 500 that
 * Lark retries; so {@link #forLongConnection} counts and logs itself and acknowledges a duplicate.
 */
public final class GuardedDispatcher extends EventDispatcher {
    private static final Logger log = LoggerFactory.getLogger(GuardedDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventGuard guard;
    private final LarkWebhook.EventCounter directCounter;

    public GuardedDispatcher(EventDispatcher.Builder builder, EventGuard guard) {
        this(builder, guard, null);
    }

    private GuardedDispatcher(EventDispatcher.Builder builder, EventGuard guard, LarkWebhook.EventCounter directCounter) {
        super(builder);
        this.guard = guard;
        this.directCounter = directCounter;
    }

    /** For events handed over by the SDK's WebSocket client: counts them, acknowledges duplicates. */
    public static GuardedDispatcher forLongConnection(EventDispatcher.Builder builder, EventGuard guard,
                                                      LarkWebhook.EventCounter counter) {
        return new GuardedDispatcher(builder, guard, counter);
    }

    public EventGuard guard() {
        return guard;
    }

    private volatile java.util.function.Consumer<JsonNode> approvalTasks = e -> {
        throw new com.lark.oapi.event.exception.HandlerNotFoundException("approval_task");
    };

    /** Who takes Lark Approval task events (1.0 envelope, which the SDK's typed handlers do not cover). */
    public GuardedDispatcher onApprovalTask(java.util.function.Consumer<JsonNode> handler) {
        this.approvalTasks = handler;
        return this;
    }

    /** For the webhook, which parsed the decrypted event already: guard, then the SDK's handlers (or ours for approval tasks). */
    public Object dispatch(JsonNode event, byte[] payload) throws Throwable {
        guard.admit(event);
        Trace.mark(Trace.Stage.DEDUPED);
        if (EventGuard.isApprovalTask(event)) {
            approvalTasks.accept(event.path("event"));
            return null;
        }
        return super.doWithoutValidation(payload);
    }

    @Override
    public Object doWithoutValidation(byte[] payload) throws Throwable {
        if (directCounter == null) {
            return dispatch(JSON.readTree(payload), payload);
        }
        directCounter.received();
        try {
            guard.admit(JSON.readTree(payload));
        } catch (DuplicateEvent e) {
            directCounter.rejected("duplicate");
            log.info("{}; acknowledged, not acted on", e.getMessage());
            return null;
        } catch (EventRejected e) {
            directCounter.rejected(e.reason());
            log.warn("event rejected: reason={} {}", e.reason(), e.getMessage());
            throw e;
        }
        JsonNode event = JSON.readTree(payload);
        if (EventGuard.isApprovalTask(event)) {
            approvalTasks.accept(event.path("event"));
            return null;
        }
        return super.doWithoutValidation(payload);
    }
}
