package com.larkops.model;

/** The container labels that let the engine alone answer "what runs where", even with the database lost. */
public final class Labels {
    public static final String SERVICE = "larkops.service";
    public static final String ENV = "larkops.env";
    public static final String VERSION = "larkops.version";
    public static final String DIGEST = "larkops.digest";
    public static final String RELEASE_ID = "larkops.release-id";
    public static final String DEPLOYED_BY = "larkops.deployed-by";

    private Labels() {
    }
}
