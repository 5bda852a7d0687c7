package com.larkops.config;

import com.larkops.model.ServiceName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {
    static final String DESIGN_EXAMPLE = """
            registry: 127.0.0.1:5000
            chats: [oc_ops]
            roles:
              deployers: [ou_dev1, ou_dev2]
              approvers: [ou_lead]
            services:
              echo:
                repository: skills/echo
                port: 8080
                health: /healthz
                env_file: /etc/larkops/echo.env
                soak: 60s
                health_timeout: 60s
            """;

    @Test
    void approvalTtlIsCappedAtLarksFourteenDayCardUpdateLimit() {
        assertThat(ConfigFile.parse(DESIGN_EXAMPLE + "approval_ttl: 14d\n", "larkops.yaml").approvalTtl()).isEqualTo(Duration.ofDays(14));
        assertThatThrownBy(() -> ConfigFile.parse(DESIGN_EXAMPLE + "approval_ttl: 15d\n", "larkops.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("approval_ttl is 15d").hasMessageContaining("at most 14d")
                .hasMessageContaining("14 days");
        assertThatThrownBy(() -> ConfigFile.parse(DESIGN_EXAMPLE + "approval_ttl: 0s\n", "larkops.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("approval_ttl");
    }

    @Test
    void timezoneAndWindowsAsTheDesignWritesThem() {
        LarkopsConfig c = ConfigFile.parse(DESIGN_EXAMPLE + """
                timezone: Asia/Shanghai
                windows:
                  prod:
                    allow: ["Mon-Thu 10:00-17:00"]
                    deny: ["2026-12-25", "Sat-Sun"]
                """, "larkops.yaml");
        assertThat(c.calendar().zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(c.calendar().window(com.larkops.model.Env.STAGING)).isEmpty();
        assertThat(c.calendar().window(com.larkops.model.Env.PROD).orElseThrow().describe())
                .isEqualTo("allow Mon-Thu 10:00-17:00; deny 2026-12-25, Sat-Sun (Asia/Shanghai)");
        assertThat(ConfigFile.parse(DESIGN_EXAMPLE, "f").calendar().zone().getId()).as("default").isEqualTo("UTC");
    }

    @Test
    void theExampleFromTheDesignLoads() {
        LarkopsConfig c = ConfigFile.parse(DESIGN_EXAMPLE, "larkops.yaml");
        assertThat(c.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(c.chats()).containsExactly("oc_ops");
        assertThat(c.deployers()).containsExactly("ou_dev1", "ou_dev2");
        assertThat(c.approvers()).containsExactly("ou_lead");
        ServiceConfig echo = c.service("echo").orElseThrow();
        assertThat(echo.repository()).isEqualTo("skills/echo");
        assertThat(echo.soak()).isEqualTo(Duration.ofSeconds(60));
        assertThat(echo.envFile()).hasValueSatisfying(p -> assertThat(p.toString()).isEqualTo("/etc/larkops/echo.env"));
        assertThat(c.approvalTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.keepStopped()).isEqualTo(3);
    }

    @Test
    void followPoliciesNewsChatsAndThePollInterval() {
        LarkopsConfig c = ConfigFile.parse("""
                registry: r:5000
                chats: [oc_ops, oc_web]
                follow_poll: 5m
                services:
                  echo: {repository: a/echo, follow: patch}
                  web: {repository: a/web, follow: minor, chat: oc_web}
                  db: {repository: a/db}
                """, "f");
        assertThat(c.follow().policy(new ServiceName("echo"))).isEqualTo(FollowPolicy.PATCH);
        assertThat(c.follow().policy(new ServiceName("web"))).isEqualTo(FollowPolicy.MINOR);
        assertThat(c.follow().policy(new ServiceName("db"))).isEqualTo(FollowPolicy.OFF);
        assertThat(c.follow().chatFor(new ServiceName("web"), c.chats())).contains("oc_web");
        assertThat(c.follow().chatFor(new ServiceName("echo"), c.chats())).contains("oc_ops");
        assertThat(c.follow().poll()).contains(Duration.ofMinutes(5));
        assertThat(ConfigFile.parse(DESIGN_EXAMPLE, "f").follow().anyFollowing()).isFalse();
    }

    @Test
    void defaultsForOptionalServiceKeys() {
        ServiceConfig s = ConfigFile.parse("registry: r.example.com\nservices:\n  a:\n    repository: x/a\n", "f").service("a").orElseThrow();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.health()).isEqualTo("/healthz");
        assertThat(s.soak()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.healthTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.memoryBytes()).isEmpty();
        assertThat(s.groupAdd()).isEmpty();
    }

    @Test
    void groupAddTakesGroupNamesAndGids() {
        ServiceConfig s = ConfigFile.parse("registry: r.example.com\nservices:\n  a:\n    repository: x/a\n    group_add: [docker, 999]\n", "f")
                .service("a").orElseThrow();
        assertThat(s.groupAdd()).containsExactly("docker", "999");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "registry: r:5000\\nregistyr: x|unknown key 'registyr'",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    helth: /h|unknown key 'services.echo.helth'",
            "registry: r:5000\\nroles:\\n  deployer: [a]|unknown key 'roles.deployer'",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    soak: 60|services.echo.soak",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    port: 70000|services.echo.port is 70000",
            "registry: r:5000\\nservices:\\n  Echo:\\n    repository: a/b|service names are lowercase",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: A/B|services.echo.repository",
            "services: {}|registry: expected host[:port]",
            "registry: [a, b]|registry",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    health: healthz|expected an HTTP path",
            "'registry: r:5000\\n  bad: [indent'|not valid YAML",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    follow: major|services.echo.follow is 'major': expected off, patch, minor or all",
            "registry: r:5000\\nchats: [oc_ops]\\nservices:\\n  echo:\\n    repository: a/b\\n    chat: oc_other|services.echo.chat is 'oc_other': not one of chats",
            "registry: r:5000\\nfollow_poll: 1s|follow_poll is 1s: expected at least 10s",
            "registry: r:5000\\nchats: [oc_ops]\\nservices: {}\\nchats: []|key 'chats' appears twice",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    port: 1\\n    port: 2|key 'port' appears twice",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    group_add: ['a b']|services.echo.group_add: 'a b' is not a group name or a numeric gid",
            "registry: r:5000\\nservices:\\n  echo:\\n    repository: a/b\\n    groups_add: [docker]|unknown key 'services.echo.groups_add'",
            "registry: r:5000\\ntimezone: Asia/Shangai|timezone: 'Asia/Shangai' is not a time zone",
            "registry: r:5000\\nwindows:\\n  prod:\\n    allow: ['Mon-Thu 10:00-17:00', 'Fri 9-12']|windows.prod.allow[1]: 'Fri 9-12' is not a period",
            "registry: r:5000\\nwindows:\\n  prod:\\n    deny: ['2026-12-32']|windows.prod.deny[0]: '2026-12-32' is not a date of the calendar",
            "registry: r:5000\\nwindows:\\n  production:\\n    deny: [Sat-Sun]|windows.production: 'production' is not an environment",
            "registry: r:5000\\nwindows:\\n  prod:\\n    alow: [Sat-Sun]|unknown key 'windows.prod.alow'"})
    void mistakesNameTheKey(String yaml, String message) {
        assertThatThrownBy(() -> ConfigFile.parse(yaml.replace("\\n", "\n"), "larkops.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("larkops.yaml: ").hasMessageContaining(message);
    }

    @Test
    void settingsRequireEveryLarkVariableAndNameTheMissingOne() {
        Map<String, String> env = Map.of("LARK_APP_ID", "cli_x", "LARK_APP_SECRET", "s", "LARK_VERIFICATION_TOKEN", "t");
        assertThatThrownBy(() -> Settings.forServer(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LARK_ENCRYPT_KEY is not set");
        assertThatThrownBy(() -> Settings.forServer(Map.of())).hasMessageStartingWith("LARK_APP_ID is not set");
        assertThatThrownBy(() -> Settings.forShell(Map.of("LARKOPS_PORT", "http"))).hasMessageContaining("LARKOPS_PORT is 'http'");
    }

    @Test
    void secretsRedactThemselves() {
        Settings s = Settings.forServer(Map.of("LARK_APP_ID", "cli_x", "LARK_APP_SECRET", "topsecret", "LARK_VERIFICATION_TOKEN", "tok",
                "LARK_ENCRYPT_KEY", "key"));
        assertThat(s.toString()).doesNotContain("topsecret").doesNotContain("tok,").contains("******");
        assertThat(s.larkAppSecret().reveal()).isEqualTo("topsecret");
        assertThat(s.larkBaseUrl()).isEqualTo("https://open.feishu.cn");
    }

    @Test
    void dotEnvParses() {
        var values = DotEnv.parse("# comment\nexport A=1\nB=\"two words\"\n\nC='x=y'\n", ".env");
        assertThat(values).containsEntry("A", "1").containsEntry("B", "two words").containsEntry("C", "x=y");
        assertThatThrownBy(() -> DotEnv.parse("JUNK LINE\n", ".env")).hasMessageContaining(".env line 1");
    }

    @Test
    void aSecondChatsKeyInTheFileIsAnErrorNotAnOpenBot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("larkops.yaml");
        java.nio.file.Files.writeString(file, "registry: r:5000\nchats: [oc_ops]\nservices: {}\n# added later by someone else\nchats: []\n");
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'chats' appears twice").hasMessageContaining("line 5");
    }
}
