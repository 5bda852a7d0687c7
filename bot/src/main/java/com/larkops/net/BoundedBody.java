package com.larkops.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an HTTP body from outside (a registry, a token service, a skill) into memory with a byte limit
 * that ABORTS the read: a declared Content-Length over the limit is refused before a byte is read, and
 * a body that grows past it is cancelled at that point, so a hostile peer cannot make the bot buffer
 * gigabytes first and check afterwards.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** Thrown (as the cause of, or as, the IOException of {@code send}) when a body passes its limit. */
    public static final class TooLarge extends IOException {
        public TooLarge(long limit) {
            super("the answer is larger than " + limit + " bytes");
        }
    }

    public static HttpResponse.BodyHandler<byte[]> upTo(int maxBytes) {
        return info -> new Subscriber(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /** True when {@code e} (from {@code HttpClient.send}) means the body was over its limit. */
    public static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final long declared;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(int max, long declared) {
            this.max = max;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > max) {
                s.cancel();
                result.completeExceptionally(new TooLarge(max));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (buffer.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(max));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
