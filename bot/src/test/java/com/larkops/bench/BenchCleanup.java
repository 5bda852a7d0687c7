package com.larkops.bench;

import com.larkops.testing.TestImages;
import com.larkops.testing.TestRegistry;

import java.util.List;

/** What a release bench leaves on the engine, removed quietly (a bench that failed half-way leaves less). */
final class BenchCleanup {
    private BenchCleanup() {
    }

    /** Every container of the services, the given containers, the network, and the two versions' local images. */
    static void removeAll(List<String> services, List<String> containers, String network, String repo, String v1, String v2) {
        if (!containers.isEmpty()) {
            String[] rm = new String[containers.size() + 3];
            rm[0] = "docker";
            rm[1] = "rm";
            rm[2] = "-f";
            for (int i = 0; i < containers.size(); i++) {
                rm[i + 3] = containers.get(i);
            }
            quietly(rm);
        }
        for (String s : services) {
            for (String id : quietly("docker", "ps", "-aq", "--filter", "label=larkops.service=" + s).split("\\s+")) {
                if (!id.isBlank()) {
                    quietly("docker", "rm", "-f", id);
                }
            }
        }
        quietly("docker", "network", "rm", network);
        String host = TestRegistry.get().host();
        for (String ref : List.of(repo + ":1.0.0", repo + ":2.0.0", repo + "@" + v1, repo + "@" + v2)) {
            quietly("docker", "rmi", "-f", host + "/" + ref);
        }
    }

    static String quietly(String... command) {
        try {
            return TestImages.run(null, command);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
