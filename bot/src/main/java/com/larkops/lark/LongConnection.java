package com.larkops.lark;

import com.lark.oapi.event.EventDispatcher;
import com.lark.oapi.okhttp.OkHttpClient;
import com.lark.oapi.okhttp.WebSocket;
import com.lark.oapi.ws.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lark's long connection ({@code LARK_EVENT_MODE=websocket}): the SDK's WebSocket client dials out to
 * Lark and hands each event to our {@link GuardedDispatcher}, so token, age, dedup and routing are the
 * webhook's. We log connects, losses and reconnects ourselves, because the SDK's own INFO lines carry
 * the connection URL with its access key and ticket (its logger stays at WARN).
 *
 * <p>Stopping: the SDK client (2.5.3) has no stop method, {@code start()} blocks in its reconnect loop,
 * and its ping loop runs forever on a non-daemon pool, swallowing interrupts. {@link SdkInternals} makes
 * that pool ours (daemon threads) and, on {@link #close}, turns reconnecting off, cancels the socket and
 * removes the loops' intervals so each loop ends at its next turn — see that class for the details.
 */
public final class LongConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LongConnection.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final SdkInternals sdk;
    private final ExecutorService handlers;
    private final Thread connector;
    private final ScheduledExecutorService watcher;
    private volatile boolean stopping;
    private volatile boolean wasUp;

    private LongConnection(Client client, ExecutorService handlers) {
        this.sdk = new SdkInternals(client);
        this.handlers = handlers;
        sdk.replaceExecutor(handlers);
        this.connector = new Thread(() -> connect(client), "lark-ws-connect");
        connector.setDaemon(true);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lark-ws-watch"));
    }

    /** Starts connecting in the background; returns at once (Lark may be unreachable for a while). */
    public static LongConnection start(String appId, String appSecret, String baseUrl, EventDispatcher dispatcher) {
        Client client = new Client.Builder(appId, appSecret).domain(baseUrl).eventHandler(dispatcher).autoReconnect(true).build();
        AtomicInteger n = new AtomicInteger();
        LongConnection c = new LongConnection(client, Executors.newFixedThreadPool(4, r -> daemon(r, "lark-ws-" + n.incrementAndGet())));
        log.info("connecting to Lark's long connection at {} (LARK_EVENT_MODE=websocket)", baseUrl);
        c.connector.start();
        c.watcher.scheduleWithFixedDelay(c::watch, 1, 2, TimeUnit.SECONDS);
        return c;
    }

    private void connect(Client client) {
        try {
            client.start();
        } catch (RuntimeException e) {
            if (!stopping) {
                log.error("Lark long connection gave up: {}", e.toString());
            }
        }
    }

    private void watch() {
        boolean up = sdk.connection() != null;
        if (up && !wasUp) {
            log.info("Lark long connection established");
        } else if (!up && wasUp && !stopping) {
            log.warn("Lark long connection lost; reconnecting");
        } else if (!up && sdk.reconnecting() && !stopping) {
            log.info("Lark long connection: still reconnecting");
        }
        wasUp = up;
    }

    public boolean connected() {
        return sdk.connection() != null;
    }

    /** True once every thread this connection started has ended (what {@link #close} waits for). */
    public boolean stopped() {
        return !connector.isAlive() && handlers.isTerminated() && watcher.isTerminated() && sdk.httpThreadsEnded();
    }

    @Override
    public void close() {
        stopping = true;
        watcher.shutdownNow();
        sdk.disarmLoops();
        sdk.cancel();
        handlers.shutdownNow();
        connector.interrupt();
        try {
            connector.join(STOP_WAIT.toMillis());
            sdk.cancel(); // a connect that was in flight while we stopped
            handlers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            sdk.awaitHttpThreads(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Lark long connection closed{}", stopped() ? "" : " (some SDK threads still ending)");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> {
            // the SDK's loops end with a NullPointerException once SdkInternals removed their intervals
            if (!(e instanceof NullPointerException)) {
                log.error("uncaught in {}", th.getName(), e);
            }
        });
        return t;
    }

    /** Lets the test see the socket the SDK opened. */
    WebSocket socket() {
        return sdk.connection();
    }

    OkHttpClient http() {
        return sdk.http();
    }
}
