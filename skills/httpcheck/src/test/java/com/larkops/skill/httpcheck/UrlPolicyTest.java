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

    /** The Docker network and loopback allow-listed by the operator. */
    private final UrlPolicy open = new UrlPolicy(List.of(), List.of("172.18.0.0/16", "127.0.0.0/8"), UrlPolicyTest::table);
    private final UrlPolicy strict = new UrlPolicy(List.of(), UrlPolicyTest::table);

    @Test
    void acceptsHttpAndHttpsOnResolvableHosts() throws Exception {
        UrlPolicy.Vetted vetted = open.vet("http://echo-staging:8080/healthz");
        assertThat(vetted.uri().getPort()).isEqualTo(8080);
        assertThat(vetted.address().getHostAddress()).isEqualTo("172.18.0.5");
        assertThat(open.vet(" https://127.0.0.1/ ").uri().getScheme()).isEqualTo("https");
    }

    @Test
    void privateLoopbackCgnatAndTheirIpv6FormsAreRefusedUnlessAllowListed() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.18.0.5", "192.168.1.1", "100.64.0.1", "100.127.255.254",
                "169.254.169.254", "0.0.0.0", "[::1]", "[::]", "[fd00::1]", "[fe80::1]", "[::ffff:127.0.0.1]",
                "[::ffff:10.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:a9fe:a9fe::1]")) {
            UrlPolicy literal = new UrlPolicy(List.of(), InetAddress::getAllByName);
            assertThatThrownBy(() -> literal.vet("http://" + address + "/")).as(address).isInstanceOf(UrlPolicy.Refused.class)
                    .hasMessageContaining("HTTPCHECK_ALLOWED_NETWORKS");
        }
        assertThatThrownBy(() -> strict.vet("http://echo-staging/")).hasMessageContaining("private");
        assertThat(new UrlPolicy(List.of(), List.of("100.64.0.0/10"), InetAddress::getAllByName).vet("http://100.64.0.1/").address()
                .getHostAddress()).isEqualTo("100.64.0.1");
        assertThat(new UrlPolicy(List.of(), InetAddress::getAllByName).vet("http://93.184.215.14/").address().getHostAddress())
                .isEqualTo("93.184.215.14");
        assertThat(new UrlPolicy(List.of(), InetAddress::getAllByName).vet("http://100.128.0.1/")).isNotNull();
    }

    @Test
    void aBadAllowListFailsClosedNamingTheEntry() {
        assertThatThrownBy(() -> new UrlPolicy(List.of(), List.of("10.0.0.0"), UrlPolicyTest::table))
                .hasMessageContaining("'10.0.0.0'");
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
        UrlPolicy suffix = new UrlPolicy(List.of("*.internal", " echo-staging "), List.of("172.18.0.0/16"), UrlPolicyTest::table);
        assertThat(suffix.vet("http://ECHO-staging/").uri().getHost()).isEqualTo("ECHO-staging");
    }

    @Test
    void unknownHostsAndGarbageAreRefusedClearly() {
        assertThatThrownBy(() -> open.vet("http://nowhere.invalid/")).hasMessageContaining("unknown host nowhere.invalid");
        assertThatThrownBy(() -> open.vet("http://exa mple/")).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> open.vet("http:///path")).hasMessageContaining("no host");
    }
}
