package com.larkops.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body from outside read with a byte limit that STOPS the read: once more than the limit has come
 * in, the next read throws {@link TooLarge} instead of reading on, whether the peer declared a length or sent
 * chunks. Whatever reads through it (a handler, a library) can hold at most the limit plus one buffer.
 */
public final class BoundedInput extends FilterInputStream {
    private final long max;
    private long count;
    private boolean ended;

    public BoundedInput(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    /** Thrown by a read that would pass the limit. */
    public static final class TooLarge extends IOException {
        private final long limit;

        public TooLarge(long limit) {
            super("the body is larger than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /** The whole body: a declared length over {@code max} is refused before a byte is read. */
    public static byte[] readAll(InputStream in, long declaredLength, long max) throws IOException {
        if (declaredLength > max) {
            throw new TooLarge(max);
        }
        return new BoundedInput(in, max).readAllBytes();
    }

    /** True once the body was read to its end (not cut, not abandoned). */
    public boolean ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        stillUnder();
        int b = super.read();
        counted(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        stillUnder();
        // never ask for more than one byte past the limit, so the overflow is seen without buffering beyond it
        int n = super.read(b, off, (int) Math.min(len, max - count + 1));
        counted(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        stillUnder();
        long skipped = super.skip(Math.min(n, max - count + 1));
        counted(skipped);
        return skipped;
    }

    private void stillUnder() throws TooLarge {
        if (count > max) {
            throw new TooLarge(max);
        }
    }

    private void counted(long n) throws TooLarge {
        if (n < 0) {
            ended = true;
            return;
        }
        count += n;
        if (count > max) {
            throw new TooLarge(max);
        }
    }
}
