package com.larkops.selfcheck;

import java.time.Duration;

/** The registry's view, asked with curl and the check's CA: which digest a tag names. */
final class Registry {
    private Registry() {
    }

    static String digestOf(Env env, String tag) {
        try {
            Process p = new ProcessBuilder("curl", "-sfI", "--cacert", env.registryCa(),
                    "-H", "Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
                    + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json",
                    "https://" + env.registry() + "/v2/larkops/bot/manifests/" + tag).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().filter(l -> l.toLowerCase().startsWith("docker-content-digest:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("none");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void expectTag(Env env, String tag, String digest) {
        try {
            Engine.await("tag " + tag + " to name " + digest.substring(0, 19), Duration.ofSeconds(60), 250,
                    () -> digest.equals(digestOf(env, tag)));
        } catch (AssertionError e) {
            throw new AssertionError("the registry's " + tag + " tag names " + digestOf(env, tag) + ", not " + digest + " that serves");
        }
    }
}
