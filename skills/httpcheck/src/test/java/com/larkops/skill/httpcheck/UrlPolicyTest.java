package com.larkops.skill.httpcheck;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlPolicyTest {
    /** Resolves names from a fixed table, so the test needs no DNS. */
    private static InetAddress[] table(String host) throws UnknownHostException {
        return switch (host) {
            case "echo-staging" -> new InetAddress[]{InetAddress.getByAddress(host, new byte[]{(byte) 172, 18, 0, 5})};
            case "metadata.tencentyun.com" -> new InetAddress[]{InetAddress.getByAddress(host, new byte[]{(byte) 169, (byte) 254, 0, 23})};
            case "127.0.0.1" -> new InetAddress[]{InetAddress.getLoopbackAddress()};
            default -> {
                if (host.startsWith("[")) { // an IPv6 literal: parsed, no DNS involved
                    yield InetAddress.getAllByName(host);
                }
                throw new UnknownHostException(host);
            }
        };
    }

    private final UrlPolicy open = new UrlPolicy(List.of(), UrlPolicyTest::table);

    @Test
    void acceptsHttpAndHttpsOnResolvableHosts() throws Exception {
        assertThat(open.vet("http://echo-staging:8080/healthz").getPort()).isEqualTo(8080);
        assertThat(open.vet(" https://127.0.0.1/ ").getScheme()).isEqualTo("https");
    }

    @Test
    void refusesOtherSchemes() {
        for (String url : List.of("file:///etc/passwd", "ftp://echo-staging/", "gopher://echo-staging/", "echo-staging/healthz")) {
            assertThatThrownBy(() -> open.vet(url)).as(url).isInstanceOf(UrlPolicy.Refused.class)
                    .hasMessageContaining("only http:// and https://");
        }
    }

    @Test
    void refusesCredentialsInTheUrl() {
        assertThatThrownBy(() -> open.vet("http://admin:pw@echo-staging/")).hasMessageContaining("no credentials");
    }

    @Test
    void refusesLinkLocalMetadataAddresses() {
        assertThatThrownBy(() -> open.vet("http://metadata.tencentyun.com/latest/meta-data/"))
                .hasMessageContaining("169.254.0.23");
        assertThatThrownBy(() -> open.vet("http://[fe80::1]/")).hasMessageContaining("link-local");
    }

    @Test
    void honoursTheAllowList() throws Exception {
        UrlPolicy onlyStaging = new UrlPolicy(List.of("*-staging", "127.0.0.1"), UrlPolicyTest::table);
        assertThatThrownBy(() -> onlyStaging.vet("http://echo-staging/")).hasMessageContaining("HTTPCHECK_ALLOWED_HOSTS");
        UrlPolicy suffix = new UrlPolicy(List.of("*.internal", " echo-staging "), UrlPolicyTest::table);
        assertThat(suffix.vet("http://ECHO-staging/").getHost()).isEqualTo("ECHO-staging");
    }

    @Test
    void unknownHostsAndGarbageAreRefusedClearly() {
        assertThatThrownBy(() -> open.vet("http://nowhere.invalid/")).hasMessageContaining("unknown host nowhere.invalid");
        assertThatThrownBy(() -> open.vet("http://exa mple/")).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> open.vet("http:///path")).hasMessageContaining("no host");
    }
}
