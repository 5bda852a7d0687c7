package com.larkops.model;

/** The container labels that let the engine alone answer "what runs where", even with the database lost. */
public final class Labels {
    /** Every label under this prefix is set by larkops alone; an image that carries one is refused. */
    public static final String PREFIX = "larkops.";
    public static final String SERVICE = "larkops.service";
    public static final String ENV = "larkops.env";
    public static final String VERSION = "larkops.version";
    public static final String DIGEST = "larkops.digest";
    public static final String RELEASE_ID = "larkops.release-id";
    public static final String DEPLOYED_BY = "larkops.deployed-by";
    /** The service's definition (image aside) the container was made from, as short hashes per part; see release/Definition. */
    public static final String SPEC = "larkops.spec";
    /** "true" on a skill's canary container: it runs beside the live one and gets a share of invocations. */
    public static final String CANARY = "larkops.canary";
    /** The canary's share of invocations in percent (1-99), so the engine alone knows the split after a restart. */
    public static final String CANARY_WEIGHT = "larkops.canary-weight";

    public static boolean isCanary(java.util.Map<String, String> labels) {
        return "true".equals(labels.get(CANARY));
    }

    private Labels() {
    }
}
