package com.larkops.selfcheck;

/** What deploy/testing/self-deploy-check hands the scenario: the registry, the two releases, the folders. */
record Env(String registry, String registryCa, String v1, String v2, String digest1, String digest2, String hostIp,
           String etc, String data, String network, String frontImage, String script, String repo) {
    static Env read() {
        return new Env(get("SC_REGISTRY"), get("SC_REGISTRY_CA"), get("SC_V1"), get("SC_V2"), get("SC_DIGEST1"),
                get("SC_DIGEST2"), get("SC_HOST_IP"), get("SC_ETC"), get("SC_DATA"), get("SC_NETWORK"),
                get("SC_FRONT_IMAGE"), get("SC_SCRIPT"), get("SC_REPO"));
    }

    String digestOf(String version) {
        return version.equals(v1) ? digest1 : digest2;
    }

    String other(String version) {
        return version.equals(v1) ? v2 : v1;
    }

    private static String get(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run deploy/testing/self-deploy-check, not this class");
        }
        return v;
    }
}
