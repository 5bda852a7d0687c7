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
    private final HttpCheckSkill skill = new HttpCheckSkill(new UrlPolicy(List.of(), InetAddress::getAllByName));

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
    void refusesBadInputInChatWords() throws Exception {
        assertThat(skill.invoke(Invocation.of("file:///etc/passwd")).text()).startsWith("httpcheck refused: only http");
        assertThat(skill.invoke(Invocation.of("")).text()).startsWith("usage: /httpcheck");
        assertThat(skill.invoke(Invocation.of("http://a http://b")).text()).startsWith("usage: /httpcheck");
    }
}
