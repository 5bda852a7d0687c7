package com.larkops.testing;

/** The docker CLI for test assertions and clean-up: what the engine says, independent of our adapter. */
public final class DockerCli {
    private DockerCli() {
    }

    public static String docker(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return TestImages.run(null, cmd);
    }

    public static String label(String container, String key) {
        return docker("inspect", "--format", "{{index .Config.Labels \"" + key + "\"}}", container).strip();
    }

    /** Removes every container of a test service and the test's network (when given). */
    public static void removeService(String service, String network) {
        for (String id : docker("ps", "-aq", "--filter", "label=larkops.service=" + service).split("\\s+")) {
            if (!id.isBlank()) {
                docker("rm", "-f", id);
            }
        }
        if (network != null) {
            try {
                docker("network", "rm", network);
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
