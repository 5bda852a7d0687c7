package com.larkops.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Gathers log frames as bytes and decodes once, so a UTF-8 character split across frames stays whole. */
final class LogCollector extends ResultCallback.Adapter<Frame> {
    /** A container decides how long its lines are: keep only the last this many bytes of the tail. */
    static final int MAX_BYTES = 64 * 1024;
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void onNext(Frame frame) {
        synchronized (this) {
            bytes.writeBytes(frame.getPayload());
            if (bytes.size() > 2 * MAX_BYTES) {
                byte[] all = bytes.toByteArray();
                bytes = new ByteArrayOutputStream();
                bytes.write(all, all.length - MAX_BYTES, MAX_BYTES);
            }
        }
    }

    String text() {
        synchronized (this) {
            byte[] all = bytes.toByteArray();
            int from = Math.max(0, all.length - MAX_BYTES);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
    }
}
