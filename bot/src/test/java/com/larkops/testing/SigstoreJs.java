package com.larkops.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sigstore's own JavaScript libraries as a third-party signer and verifier (deploy/sigstore/sign.js,
 * versions pinned by its package-lock.json). The first use runs {@code npm ci} there when node_modules is
 * missing; .ci/run does the same up front.
 */
public final class SigstoreJs {
    static final Path DIR = Path.of("../deploy/sigstore").toAbsolutePath();
    private static boolean installed;

    private SigstoreJs() {
    }

    /** Attaches a key-signed DSSE bundle to {@code digest} with @sigstore/sign + @sigstore/oci; returns the bundle file. */
    public static Path bundle(String repository, String digest, Path privateKey, Path out, String... options) {
        return bundleAt(TestRegistry.get().host(), repository, digest, privateKey, out, options);
    }

    /** As {@link #bundle}, in the registry at {@code registryHost} (one a test started with its own config). */
    public static Path bundleAt(String registryHost, String repository, String digest, Path privateKey, Path out, String... options) {
        List<String> args = new ArrayList<>(List.of("bundle", "--registry", registryHost, "--repo", repository,
                "--digest", digest, "--key", privateKey.toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        run(args);
        return out;
    }

    /** @sigstore/verify's verdict on a bundle for {@code digest} with {@code publicKey} as the only trust: true = accepted. */
    public static boolean verify(Path bundle, Path publicKey, String digest) {
        String out = run(List.of("verify", "--bundle", bundle.toString(), "--key", publicKey.toString(), "--digest", digest)).strip();
        if (!out.equals("accepted") && !out.startsWith("refused:")) {
            throw new IllegalStateException("unexpected answer from sign.js verify: " + out);
        }
        return out.equals("accepted");
    }

    /** A cosign-convention signature (.sig tag) written by our test script: OUR reading of the format, node's ECDSA. */
    public static void cosign(String repository, String digest, Path privateKey, String... options) {
        cosignAt(TestRegistry.get().host(), repository, digest, privateKey, options);
    }

    /** As {@link #cosign}, in the registry at {@code registryHost}. */
    public static void cosignAt(String registryHost, String repository, String digest, Path privateKey, String... options) {
        List<String> args = new ArrayList<>(List.of("cosign", "--registry", registryHost, "--repo", repository,
                "--digest", digest, "--key", privateKey.toString()));
        args.addAll(List.of(options));
        run(args);
    }

    private static String run(List<String> args) {
        install();
        List<String> cmd = new ArrayList<>(List.of("node", DIR.resolve("sign.js").toString()));
        cmd.addAll(args);
        return TestImages.run(DIR, cmd.toArray(String[]::new));
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/@sigstore/sign"))) {
            TestImages.run(DIR, "npm", "ci", "--no-audit", "--no-fund");
        }
        installed = true;
    }
}
