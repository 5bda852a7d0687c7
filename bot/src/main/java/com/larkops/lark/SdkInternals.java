package com.larkops.lark;

import com.lark.oapi.okhttp.OkHttpClient;
import com.lark.oapi.okhttp.WebSocket;
import com.lark.oapi.ws.Client;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The reflective reach into {@code com.lark.oapi.ws.Client} (oapi-sdk 2.5.3) that stopping it needs,
 * kept in one place so an SDK upgrade breaks here, loudly, and nowhere else. Read from its bytecode:
 * <ul>
 * <li>{@code executor} (final, a non-daemon fixed pool) runs the ping loop and event handling:
 *     replaced before {@code start()} by a daemon pool we own.</li>
 * <li>The ping loop is {@code while(true)} around {@code sleep(pingInterval * 1000)}, and its sleep
 *     swallows {@link InterruptedException}; the reconnect loop likewise sleeps {@code reconnectInterval}.
 *     Setting those two fields to null makes each loop throw at its next turn, outside the SDK's
 *     try blocks, which is the only way out the SDK offers.</li>
 * <li>{@code autoReconnect} off first, so cancelling the socket does not start a new connection.</li>
 * <li>{@code httpClient}'s dispatcher threads (OkHttp, non-daemon, 60 s keep-alive) are shut down.</li>
 * </ul>
 */
final class SdkInternals {
    private final Client client;

    SdkInternals(Client client) {
        this.client = client;
    }

    void replaceExecutor(ExecutorService ours) {
        ExecutorService theirs = (ExecutorService) get("executor");
        set("executor", ours);
        theirs.shutdownNow(); // it never started a thread: pools create them lazily
    }

    void disarmLoops() {
        set("autoReconnect", Boolean.FALSE);
        set("pingInterval", null);
        set("reconnectInterval", null);
        set("reconnectNonce", 0);
    }

    WebSocket connection() {
        return (WebSocket) get("conn");
    }

    boolean reconnecting() {
        return Boolean.TRUE.equals(get("isReconnecting"));
    }

    /** Drops the socket at once (a graceful close would wait up to a minute for Lark's answer). */
    void cancel() {
        WebSocket ws = connection();
        if (ws != null) {
            ws.cancel();
            set("conn", null);
        }
        http().dispatcher().cancelAll();
        http().dispatcher().executorService().shutdown();
        http().connectionPool().evictAll();
    }

    OkHttpClient http() {
        return (OkHttpClient) get("httpClient");
    }

    boolean httpThreadsEnded() {
        return http().dispatcher().executorService().isTerminated();
    }

    void awaitHttpThreads(Duration wait) throws InterruptedException {
        http().dispatcher().executorService().awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Object get(String name) {
        try {
            return field(name).get(client);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Lark SDK field " + name + " is not accessible", e);
        }
    }

    private void set(String name, Object value) {
        try {
            field(name).set(client, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Lark SDK field " + name + " is not writable", e);
        }
    }

    private static Field field(String name) {
        try {
            Field f = Client.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("the Lark SDK's ws.Client has no field " + name
                    + ": SdkInternals was written for oapi-sdk 2.5.3; check it after an upgrade", e);
        }
    }
}
