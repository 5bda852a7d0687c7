package com.larkops.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way ITs write larkops.yaml: the test registry, chat {@code oc_ops}, the usual users, a test network,
 * and services with only the keys a test cares about. {@code build()} is the YAML text.
 */
public final class TestConfig {
    private final String network;
    private final List<String> deployers = new ArrayList<>(List.of("ou_dev1"));
    private final List<String> approvers = new ArrayList<>();
    private final Map<String, String> top = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> services = new LinkedHashMap<>();

    private TestConfig(String network) {
        this.network = network;
    }

    public static TestConfig on(String network) {
        return new TestConfig(network);
    }

    public TestConfig deployers(String... users) {
        deployers.clear();
        deployers.addAll(List.of(users));
        return this;
    }

    public TestConfig approvers(String... users) {
        approvers.clear();
        approvers.addAll(List.of(users));
        return this;
    }

    /** A top-level key, its value written as given (e.g. {@code keep_stopped}, {@code 3}). */
    public TestConfig set(String key, String value) {
        top.put(key, value);
        return this;
    }

    /** A service under the test registry; {@code keysAndValues} alternate, e.g. {@code "soak", "1s"}. */
    public TestConfig service(String name, String repository, String... keysAndValues) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("repository", repository);
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            keys.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        services.put(name, keys);
        return this;
    }

    public String build() {
        StringBuilder y = new StringBuilder();
        y.append("registry: ").append(TestRegistry.get().host()).append('\n');
        y.append("chats: [oc_ops]\n");
        y.append("roles:\n");
        y.append("  deployers: [").append(String.join(", ", deployers)).append("]\n");
        if (!approvers.isEmpty()) {
            y.append("  approvers: [").append(String.join(", ", approvers)).append("]\n");
        }
        y.append("network: ").append(network).append('\n');
        top.forEach((k, v) -> y.append(k).append(": ").append(v).append('\n'));
        y.append("services:\n");
        services.forEach((name, keys) -> {
            y.append("  ").append(name).append(":\n");
            keys.forEach((k, v) -> y.append("    ").append(k).append(": ").append(v).append('\n'));
        });
        return y.toString();
    }
}
