package com.larkops.retention;

import com.larkops.model.Digest;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryCredentials;
import com.larkops.release.Check;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The live re-check fails closed: a registry that cannot be read stops the prune before a signature goes. */
class ProtectionCheckTest {
    @Test
    void aSignatureWhoseDigestCannotBeLookedUpAbortsThePrune() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RegistryClient unreachable = new RegistryClient("127.0.0.1:" + closedPort, RegistryCredentials.none(), false);
        ProtectionCheck check = new ProtectionCheck(unreachable, null, List::of, PendingApprovals.NONE, Map::of);
        Digest subject = Digest.parse("sha256:" + "a".repeat(64));
        Check.Verdict verdict = check.evaluate(new Check.SubjectsGone("team/echo", List.of(subject), Instant.EPOCH));
        assertThat(verdict.kind()).isEqualTo(Check.Verdict.Kind.ABORT);
        assertThat(verdict.reason()).startsWith("cannot read the registry to re-check protections");
    }
}
