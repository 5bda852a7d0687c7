package com.larkops.skill.httpcheck;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 GET to an address already vetted, never to a name resolved again: the socket connects to
 * {@code address}; the URL's host only goes into the Host header, TLS SNI and certificate check. Reads the
 * status line and headers (at most {@link #MAX_HEAD_BYTES}) and nothing of the body.
 */
final class PinnedGet {
    static final int MAX_HEAD_BYTES = 16 * 1024;

    record Answer(int status, Optional<String> location) {
    }

    /** The connection could not be opened in time (as opposed to an answer that did not come). */
    static final class ConnectTimeout extends IOException {
        ConnectTimeout() {
            super("connect timeout");
        }
    }

    private PinnedGet() {
    }

    static Answer get(URI uri, java.net.InetAddress address, Duration connectTimeout, Duration answerTimeout) throws IOException {
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost();
        Socket plain = new Socket();
        try {
            try {
                plain.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            } catch (java.net.SocketTimeoutException e) {
                throw new ConnectTimeout();
            }
            plain.setSoTimeout((int) answerTimeout.toMillis());
            Socket socket = tls ? secure(plain, host, port) : plain;
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String hostHeader = host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: larkops-httpcheck\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parseHead(readHead(socket.getInputStream()));
        } finally {
            plain.close();
        }
    }

    private static Socket secure(Socket plain, String host, int port) throws IOException {
        try {
            SSLSocket ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.startsWith("[") && !host.matches("[0-9.]+")) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS available", e);
        }
    }

    /** Bytes up to the blank line that ends the headers, at most {@link #MAX_HEAD_BYTES}. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (head.length() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (matched == 4) {
                break;
            }
        }
        return head.toString();
    }

    static Answer parseHead(String head) throws IOException {
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP answer");
        }
        Optional<String> location = Optional.empty();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("location")) {
                location = Optional.of(lines[i].substring(colon + 1).strip());
            }
        }
        return new Answer(Integer.parseInt(status[1]), location);
    }
}
