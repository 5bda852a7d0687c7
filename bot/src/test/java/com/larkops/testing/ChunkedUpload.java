package com.larkops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts a body generated on the fly, in chunks and without a Content-Length, over a raw socket, while another
 * thread reads the answer: so a server that answers early is seen answering early, and one that stops reading
 * is seen cutting the stream. Memory stays one chunk whatever the size.
 */
public final class ChunkedUpload {
    private static final int CHUNK = 64 * 1024;

    /** What happened: the status line's code, how much was sent when the answer came, and in all. */
    public record Outcome(int status, String answer, long sentWhenAnswered, long sentInAll, long total, boolean cut,
                          long nanosToAnswer) {
        /** True when the client could not send the whole body: the server closed the connection on it. */
        public boolean stoppedReading() {
            return cut && sentInAll < total;
        }
    }

    private ChunkedUpload() {
    }

    public static Outcome post(int port, String path, String authorization, long totalBytes) throws Exception {
        return post(port, path, authorization, totalBytes, true);
    }

    /**
     * The same body with a {@code Content-Length} header instead of chunks: the server may answer before reading it
     * and close the connection on the rest, which a plain HTTP client reports as a failed upload, not as the answer.
     */
    public static Outcome postSized(int port, String path, long totalBytes) throws Exception {
        return post(port, path, null, totalBytes, false);
    }

    private static Outcome post(int port, String path, String authorization, long totalBytes, boolean chunked) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + totalBytes + "\r\n\r\n");
            AtomicLong sent = new AtomicLong();
            long started = System.nanoTime();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            boolean[] cut = {false};
            Thread writer = new Thread(() -> {
                byte[] data = new byte[CHUNK];
                java.util.Arrays.fill(data, (byte) ' ');
                data[0] = '{';
                byte[] size = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sent.get() < totalBytes) {
                        int n = (int) Math.min(CHUNK, totalBytes - sent.get());
                        if (chunked) {
                            out.write(size);
                            out.write(data);
                            out.write(crlf);
                        } else {
                            out.write(data, 0, n);
                        }
                        sent.addAndGet(chunked ? CHUNK : n);
                        data[0] = ' ';
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException e) {
                    cut[0] = true;
                }
            }, "chunked-upload");
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            long answeredAt = System.nanoTime();
            long sentWhenAnswered = sent.get();
            StringBuilder answer = new StringBuilder(statusLine);
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                answer.append('\n').append(l);
            }
            // the writer ends either by sending everything or by the server closing the connection on it
            writer.join(120_000);
            if (writer.isAlive()) {
                socket.close();
                writer.join();
            }
            String[] parts = statusLine.split(" ");
            return new Outcome(parts.length > 1 ? Integer.parseInt(parts[1]) : -1, answer.toString(), sentWhenAnswered, sent.get(),
                    totalBytes, cut[0], answeredAt - started);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
