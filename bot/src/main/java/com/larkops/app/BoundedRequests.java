package com.larkops.app;

import com.larkops.net.BoundedInput;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The floor under every endpoint: each request's body can only be read through a {@link BoundedInput}, so no
 * handler (ours or a library's, e.g. Javalin's {@code bodyAsBytes}) can take in more than the limit, chunked
 * or not. A declared length over the limit is answered 413 before the request reaches any handler. Javalin's
 * own {@code maxRequestSize} looks only at Content-Length, so it alone does not bound a chunked body.
 * A body a handler refused unread (a wrong token) or that passed the limit ends the connection after the answer.
 * (Jetty parses forms and multipart from its own raw stream, under its own limits; no endpoint takes either.)
 */
final class BoundedRequests implements Filter {
    private final long max;

    BoundedRequests(long max) {
        this.max = max;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (http.getContentLengthLong() > max) {
            HttpServletResponse out = (HttpServletResponse) response;
            out.setStatus(413);
            out.setContentType("application/json");
            out.getWriter().write("{\"error\":\"body over " + max + " bytes refused\"}");
            stopReading(request, out);
            return;
        }
        Bounded bounded = new Bounded(http, max);
        chain.doFilter(bounded, response);
        if (hasBody(http) && !bounded.readToEnd()) {
            stopReading(request, (HttpServletResponse) response);
        }
    }

    private static boolean hasBody(HttpServletRequest http) {
        return http.getContentLengthLong() > 0 || http.getHeader("Transfer-Encoding") != null;
    }

    /**
     * The answer is sent, then the connection is closed with the rest of the body unread. Left to itself, Jetty
     * would read and discard the rest to keep the connection (a sender could stream forever); this is the
     * answer to a body refused unread (wrong token) or cut at the limit.
     */
    private static void stopReading(ServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        response.flushBuffer();
        org.eclipse.jetty.io.EndPoint endPoint = org.eclipse.jetty.server.Request.getBaseRequest(request).getHttpChannel().getEndPoint();
        endPoint.shutdownOutput();
        endPoint.close();
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long max;
        private Input in;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                in = new Input(super.getInputStream(), max);
            }
            return in;
        }

        boolean readToEnd() {
            return in != null && in.bounded.ended();
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class Input extends ServletInputStream {
        private final ServletInputStream raw;
        private final BoundedInput bounded;

        Input(ServletInputStream raw, long max) {
            this.raw = raw;
            this.bounded = new BoundedInput(raw, max);
        }

        @Override
        public int read() throws IOException {
            return bounded.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return bounded.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            return bounded.skip(n);
        }

        @Override
        public int available() throws IOException {
            return raw.available();
        }

        @Override
        public boolean isFinished() {
            return raw.isFinished();
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            raw.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
