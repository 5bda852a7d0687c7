package com.larkops.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Values of the wrong kind: the error names the path to the value, the value, and what is expected there. */
class YamlBindingTest {
    private static final String ECHO = "registry: r:5000\nservices:\n  echo:\n    repository: a/b\n";

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                arguments(ECHO + "    port: abc\n", "f.yaml: services.echo.port is 'abc': expected a whole number"),
                arguments(ECHO + "    port: \"8080\"\n", "f.yaml: services.echo.port is '8080': expected a whole number"),
                arguments(ECHO + "    port: 1.5\n", "f.yaml: services.echo.port is '1.5': expected a whole number"),
                arguments("registry: r:5000\nkeep_stopped: 99999999999\n", "f.yaml: keep_stopped is '99999999999': expected a whole number"),
                arguments(ECHO + "    skill: yes please\n", "f.yaml: services.echo.skill is 'yes please': expected true or false"),
                arguments(ECHO + "    cpus: lots\n", "f.yaml: services.echo.cpus is 'lots': expected a number"),
                arguments(ECHO + "    retention: {keep_days: 3x}\n", "f.yaml: services.echo.retention.keep_days is '3x': expected a whole number"),
                arguments(ECHO + "    soak: [1]\n", "f.yaml: services.echo.soak: expected a duration like 500ms, 30s, 5m, 24h or 7d"),
                arguments("registry: r:5000\napproval_ttl: 5x\n", "f.yaml: approval_ttl: '5x' is not a duration"),
                arguments("registry: r:5000\nprune_schedule: {every: 1h, apply: maybe, chat: c}\n",
                        "f.yaml: prune_schedule.apply is 'maybe': expected true or false"),
                arguments("registry: [a, b]\n", "f.yaml: registry: expected a single value"),
                arguments("registry: r:5000\nchats: oc_ops\n", "f.yaml: chats: expected a list, e.g. [a, b]"),
                arguments("registry: r:5000\nchats: [{a: b}]\n", "f.yaml: chats[0]: expected a single value"),
                arguments("registry: r:5000\nservices: [a]\n", "f.yaml: services: expected a mapping of service name to settings"),
                arguments("registry: r:5000\nservices: {echo: 5}\n", "f.yaml: services.echo: expected a mapping with repository, port, health"),
                arguments("registry: r:5000\nverify: 5\n", "f.yaml: verify: expected {keys: [/path/cosign.pub], for: [prod]}"),
                arguments("registry: r:5000\nprune_schedule: {every: 1h, chat: c, x: 1}\n",
                        "f.yaml: unknown key 'prune_schedule.x' (known here: apply, chat, every)"),
                arguments(ECHO + "    retention: {keep_days: 3}\n    retention: {keep_days: 4}\n",
                        "f.yaml: key 'retention' appears twice (second one on line 6); keep one"),
                arguments("registry: r:5000\n services: x\n", "f.yaml: not valid YAML (mapping values are not allowed here, line 2)"),
                arguments("42\n", "f.yaml: expected a mapping with at least 'registry' and 'services'"),
                arguments("", "f.yaml: expected a mapping with at least 'registry' and 'services'"));
    }

    @ParameterizedTest
    @MethodSource("wrongValues")
    void aWrongValueNamesItsPathAndWhatIsExpected(String yaml, String message) {
        assertThatThrownBy(() -> ConfigFile.parse(yaml, "f.yaml")).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }
}
