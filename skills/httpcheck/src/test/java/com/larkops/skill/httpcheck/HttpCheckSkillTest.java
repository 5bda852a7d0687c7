package com.larkops.skill.httpcheck;

import com.larkops.skill.kit.Invocation;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks real URLs served by a JDK HTTP server on loopback. */
class HttpCheckSkillTest {
    private HttpServer target;
    /** The operator allow-listed loopback so the test server may be checked; nothing else changes. */
    private final HttpCheckSkill skill = new HttpCheckSkill(new UrlPolicy(List.of(), List.of("127.0.0.0/8"), InetAddress::getAllByName));

    @BeforeEach
    void serve() throws Exception {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/healthz", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        target.createContext("/moved", ex -> {
            ex.getResponseHeaders().set("Location", "file:///etc/passwd");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        target.start();
    }

    @AfterEach
    void stop() {
        target.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + target.getAddress().getPort();
    }

    @Test
    void reportsStatusAndLatency() throws Exception {
        String reply = skill.invoke(Invocation.of(base() + "/healthz")).text();
        assertThat(reply).matches("GET http://127\\.0\\.0\\.1:\\d+/healthz → 200 in \\d+ ms");
    }

    @Test
    void reportsRedirectsWithoutFollowingThem() throws Exception {
        assertThat(skill.invoke(Invocation.of(base() + "/moved")).text())
                .contains("→ 302").contains("redirects to file:///etc/passwd, not followed");
    }

    @Test
    void reportsAClosedPort() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(skill.invoke(Invocation.of("http://127.0.0.1:" + closed + "/")).text())
                .endsWith("→ connection refused or unreachable");
    }

    @Test
    void connectsToTheAddressItVettedWithoutASecondLookup() throws Exception {
        // "checked.test" exists only for the policy's resolver: a second lookup by the HTTP client would fail
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        UrlPolicy pinned = new UrlPolicy(List.of(), List.of("127.0.0.0/8"), host -> {
            lookups.incrementAndGet();
            return new InetAddress[]{InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1})};
        });
        String reply = new HttpCheckSkill(pinned).invoke(Invocation.of("http://checked.test:" + target.getAddress().getPort() + "/healthz")).text();
        assertThat(reply).contains("→ 200 in");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void loopbackIsRefusedUnlessAllowListed() throws Exception {
        HttpCheckSkill strict = new HttpCheckSkill(new UrlPolicy(List.of(), InetAddress::getAllByName));
        assertThat(strict.invoke(Invocation.of(base() + "/healthz")).text())
                .startsWith("httpcheck refused:").contains("loopback").contains("HTTPCHECK_ALLOWED_NETWORKS");
    }

    @Test
    void refusesBadInputInChatWords() throws Exception {
        assertThat(skill.invoke(Invocation.of("file:///etc/passwd")).text()).startsWith("httpcheck refused: only http");
        assertThat(skill.invoke(Invocation.of("")).text()).startsWith("usage: /httpcheck");
        assertThat(skill.invoke(Invocation.of("http://a http://b")).text()).startsWith("usage: /httpcheck");
    }
}
