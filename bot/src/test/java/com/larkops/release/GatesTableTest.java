package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.command.Role;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every entry point × every gate, on data. {@code x}: with only that gate's fact failing (or, for "who", the entry
 * point asking as someone or for something it may not), {@link Gates#standard()} refuses and names that gate.
 * {@code -}: the gate does not hold that entry point up (the same failing fact lets the request through) — a
 * rollback puts back what served there (a deploy window never holds it up), a hold stops only larkops' own roll-forwards,
 * and so on. Each row builds
 * its request the way its entry point's code does. The README's security table is this table.
 */
class GatesTableTest {
    static final String TABLE = """
            entry point                    | WHO | WHAT | KNOWN_GOOD | SECRETS | SIGNATURE | HOLD | FREEZE | WINDOW | ENV_STATE
            chat /deploy staging           |  x  |  x   |     -      |    -    |     x     |  -   |   x    |   x    |    -
            chat /deploy·/promote prod     |  x  |  x   |     x      |    x    |     x     |  -   |   x    |   x    |    -
            chat /rollback staging         |  x  |  -   |     -      |    -    |     -     |  -   |   -    |   -    |    -
            shell run /deploy staging      |  -  |  x   |     -      |    -    |     x     |  -   |   x    |   x    |    -
            shell run /deploy prod         |  -  |  x   |     x      |    x    |     x     |  -   |   x    |   x    |    -
            registry notification          |  x  |  x   |     -      |    -    |     x     |  x   |   x    |   x    |    -
            registry poll                  |  x  |  x   |     -      |    -    |     x     |  x   |   x    |   x    |    -
            Harbor push webhook            |  x  |  x   |     -      |    -    |     x     |  x   |   x    |   x    |    -
            TCR push webhook               |  x  |  x   |     -      |    -    |     x     |  x   |   x    |   x    |    -
            ACR push webhook               |  x  |  x   |     -      |    -    |     x     |  x   |   x    |   x    |    -
            notification promotion card    |  x  |  x   |     x      |    x    |     x     |  x   |   x    |   x    |    -
            canary staging                 |  x  |  x   |     -      |    -    |     x     |  -   |   x    |   x    |    -
            canary prod request            |  x  |  x   |     x      |    x    |     x     |  -   |   x    |   x    |    -
            canary promote staging         |  x  |  x   |     -      |    -    |     x     |  -   |   x    |   x    |    -
            break-glass rollback prod      |  x  |  -   |     -      |    -    |     -     |  -   |   -    |   -    |    -
            automatic undo                 |  x  |  -   |     -      |    -    |     -     |  -   |   -    |   -    |    -
            approval click (deploy)        |  x  |  x   |     x      |    x    |     x     |  -   |   x    |   x    |    x
            approval click (canary)        |  x  |  x   |     x      |    x    |     x     |  -   |   x    |   x    |    x
            scheduled staging deploy (due) |  x  |  x   |     -      |    -    |     x     |  -   |   x    |   x    |    -
            """;

    static final Digest DIGEST = Digest.parse("sha256:" + "a".repeat(64));
    static final Digest OTHER = Digest.parse("sha256:" + "b".repeat(64));
    static final Caller DEV = Caller.lark("ou_dev", "oc_ops", "om_1");
    static final Caller LEAD = Caller.lark("ou_lead", "oc_ops");
    static final Caller READER = Caller.lark("ou_reader", "oc_ops", "om_2");
    static final Caller SHELL = Caller.shell("root");
    static final Caller REGISTRY = new Caller(ChangeRequest.REGISTRY_ACTOR, "oc_ops", false);
    static final Caller LARKOPS = new Caller("larkops", "", false);
    static final List<String> STATE = List.of("svc-prod-r1");

    static Target target(Env env) {
        return new Target("svc", env, DIGEST, "1.2.3", "reg/svc@" + DIGEST.value());
    }

    /** A row: the request its entry point makes, and the same entry point asking as someone (or for something) it may not. */
    record Row(ChangeRequest request, ChangeRequest unauthorised) {
    }

    static Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("chat /deploy staging", new Row(ChangeRequest.by(DEV, ChangeRequest.Kind.DEPLOY, target(Env.STAGING)),
                ChangeRequest.by(READER, ChangeRequest.Kind.DEPLOY, target(Env.STAGING))));
        rows.put("chat /deploy·/promote prod", new Row(ChangeRequest.by(DEV, ChangeRequest.Kind.PROMOTE, target(Env.PROD)),
                ChangeRequest.by(READER, ChangeRequest.Kind.PROMOTE, target(Env.PROD))));
        rows.put("chat /rollback staging", new Row(ChangeRequest.by(DEV, ChangeRequest.Kind.ROLLBACK, target(Env.STAGING)),
                ChangeRequest.by(Caller.lark("ou_dev", "oc_elsewhere", "om_3"), ChangeRequest.Kind.ROLLBACK, target(Env.STAGING))));
        rows.put("shell run /deploy staging", new Row(ChangeRequest.by(SHELL, ChangeRequest.Kind.DEPLOY, target(Env.STAGING)), null));
        rows.put("shell run /deploy prod", new Row(ChangeRequest.by(SHELL, ChangeRequest.Kind.PROMOTE, target(Env.PROD)), null));
        rows.put("registry notification", new Row(notified(ChangeRequest.Origin.NOTIFICATION, Env.STAGING, ChangeRequest.Kind.DEPLOY),
                notified(ChangeRequest.Origin.NOTIFICATION, Env.PROD, ChangeRequest.Kind.DEPLOY)));
        rows.put("registry poll", new Row(notified(ChangeRequest.Origin.POLL, Env.STAGING, ChangeRequest.Kind.DEPLOY),
                notified(ChangeRequest.Origin.POLL, Env.STAGING, ChangeRequest.Kind.CANARY)));
        for (ChangeRequest.Origin webhook : List.of(ChangeRequest.Origin.HARBOR_WEBHOOK, ChangeRequest.Origin.TCR_WEBHOOK,
                ChangeRequest.Origin.ACR_WEBHOOK)) {
            rows.put(webhook.label(), new Row(notified(webhook, Env.STAGING, ChangeRequest.Kind.DEPLOY),
                    notified(webhook, Env.PROD, ChangeRequest.Kind.DEPLOY)));
        }
        rows.put("notification promotion card", new Row(ChangeRequest.of(ChangeRequest.Origin.NOTIFICATION, REGISTRY,
                ChangeRequest.Kind.PROMOTE, target(Env.PROD)), ChangeRequest.of(ChangeRequest.Origin.NOTIFICATION, REGISTRY,
                ChangeRequest.Kind.PROMOTE, target(Env.STAGING))));
        rows.put("canary staging", new Row(ChangeRequest.of(ChangeRequest.Origin.CANARY, DEV, ChangeRequest.Kind.CANARY, target(Env.STAGING)),
                ChangeRequest.of(ChangeRequest.Origin.CANARY, READER, ChangeRequest.Kind.CANARY, target(Env.STAGING))));
        rows.put("canary prod request", new Row(ChangeRequest.by(DEV, ChangeRequest.Kind.CANARY, target(Env.PROD)),
                ChangeRequest.by(READER, ChangeRequest.Kind.CANARY, target(Env.PROD))));
        rows.put("canary promote staging", new Row(ChangeRequest.of(ChangeRequest.Origin.CANARY, DEV, ChangeRequest.Kind.DEPLOY,
                target(Env.STAGING)), ChangeRequest.of(ChangeRequest.Origin.CANARY, READER, ChangeRequest.Kind.DEPLOY, target(Env.STAGING))));
        rows.put("break-glass rollback prod", new Row(ChangeRequest.of(ChangeRequest.Origin.BREAK_GLASS, DEV, ChangeRequest.Kind.ROLLBACK,
                target(Env.PROD)), ChangeRequest.of(ChangeRequest.Origin.BREAK_GLASS, DEV, ChangeRequest.Kind.DEPLOY, target(Env.PROD))));
        rows.put("automatic undo", new Row(ChangeRequest.of(ChangeRequest.Origin.AUTO_UNDO, LARKOPS, ChangeRequest.Kind.ROLLBACK,
                target(Env.PROD)), ChangeRequest.of(ChangeRequest.Origin.AUTO_UNDO, LARKOPS, ChangeRequest.Kind.DEPLOY, target(Env.PROD))));
        rows.put("approval click (deploy)", new Row(click(LEAD, ChangeRequest.Kind.PROMOTE, Optional.of(STATE)),
                click(DEV, ChangeRequest.Kind.PROMOTE, Optional.of(STATE))));
        rows.put("approval click (canary)", new Row(click(LEAD, ChangeRequest.Kind.CANARY, Optional.of(STATE)),
                click(Caller.lark("ou_dev2", "oc_ops"), ChangeRequest.Kind.CANARY, Optional.of(STATE))));
        rows.put("scheduled staging deploy (due)", new Row(ChangeRequest.of(ChangeRequest.Origin.SCHEDULE, DEV, ChangeRequest.Kind.DEPLOY,
                target(Env.STAGING)), ChangeRequest.of(ChangeRequest.Origin.SCHEDULE, READER, ChangeRequest.Kind.DEPLOY, target(Env.STAGING))));
        return rows;
    }

    static ChangeRequest notified(ChangeRequest.Origin origin, Env env, ChangeRequest.Kind kind) {
        return ChangeRequest.of(origin, REGISTRY, kind, target(env)).claiming("1.2.3");
    }

    /** As Approvals.clickRequest builds it: the approver, the stored target, the state the plan was made against. */
    static ChangeRequest click(Caller approver, ChangeRequest.Kind kind, Optional<List<String>> state) {
        return ChangeRequest.clicked(approver, kind, target(Env.PROD), state, "ou_dev");
    }

    @Test
    void everyCellOfTheTableHolds() {
        Map<String, Row> rows = rows();
        List<String> lines = TABLE.strip().lines().toList();
        List<Gate.Name> columns = Arrays.stream(lines.get(0).split("\\|")).skip(1).map(String::strip).map(Gate.Name::valueOf).toList();
        assertThat(columns).as("the table's columns are the gates, in order")
                .containsExactlyElementsOf(Gates.standard().list().stream().map(Gate::name).toList());
        List<String> failures = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\\|");
            String entry = cells[0].strip();
            Row row = rows.get(entry);
            assertThat(row).as("row '%s' has a request", entry).isNotNull();
            seen.add(entry);
            assertThat(Gates.standard().check(row.request(), new Facts())).as("%s passes with every fact right", entry).isEmpty();
            for (int i = 0; i < columns.size(); i++) {
                Gate.Name gate = columns.get(i);
                boolean refuses = cells[i + 1].strip().equals("x");
                Optional<Gates.Refusal> got = gate == Gate.Name.WHO
                        ? (row.unauthorised() == null ? Optional.empty() : Gates.standard().check(row.unauthorised(), new Facts()))
                        : Gates.standard().check(row.request(), breaking(gate).apply(new Facts()));
                if (refuses && (got.isEmpty() || got.get().gate() != gate)) {
                    failures.add(entry + " × " + gate + ": expected a refusal by " + gate + ", got " + got);
                } else if (!refuses && got.isPresent()) {
                    failures.add(entry + " × " + gate + ": expected no refusal, got " + got.get());
                } else if (refuses) {
                    assertThat(got.get().line()).as(entry + " × " + gate).doesNotContain("\n").isNotBlank();
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(rows.keySet());
        Set<ChangeRequest.Origin> origins = EnumSet.noneOf(ChangeRequest.Origin.class);
        rows.values().forEach(r -> origins.add(r.request().origin()));
        assertThat(origins).as("every entry point has a row").containsExactlyInAnyOrder(ChangeRequest.Origin.values());
    }

    @Test
    void aNotificationRefusalSaysWhatTheRegistryServes() {
        Facts facts = new Facts();
        facts.tag = Optional.of(OTHER);
        Optional<Gates.Refusal> r = Gates.standard().check(notified(ChangeRequest.Origin.NOTIFICATION, Env.STAGING,
                ChangeRequest.Kind.DEPLOY), facts);
        assertThat(r).hasValueSatisfying(x -> assertThat(x.line()).contains("svc 1.2.3 is sha256:bbbbbbbbbbbb in the registry now")
                .contains("not sha256:aaaaaaaaaaaa as the registry notification said"));
    }

    @Test
    void aWebhookRefusalNamesTheWebhook() {
        Facts facts = new Facts();
        facts.tag = Optional.of(OTHER);
        Optional<Gates.Refusal> r = Gates.standard().check(notified(ChangeRequest.Origin.HARBOR_WEBHOOK, Env.STAGING,
                ChangeRequest.Kind.DEPLOY), facts);
        assertThat(r).hasValueSatisfying(x -> assertThat(x.line()).contains("svc 1.2.3 is sha256:bbbbbbbbbbbb in the registry now")
                .contains("not sha256:aaaaaaaaaaaa as the Harbor push webhook said"));
    }

    @Test
    void aNotifiedVersionMustBeTheTagsOwn() {
        ChangeRequest lying = ChangeRequest.of(ChangeRequest.Origin.NOTIFICATION, REGISTRY, ChangeRequest.Kind.DEPLOY,
                new Target("svc", Env.STAGING, DIGEST, "9.9.9", "")).claiming("1.2.3");
        assertThat(Gates.standard().check(lying, new Facts())).hasValueSatisfying(x -> assertThat(x.gate()).isEqualTo(Gate.Name.WHAT));
        ChangeRequest build = ChangeRequest.of(ChangeRequest.Origin.NOTIFICATION, REGISTRY, ChangeRequest.Kind.DEPLOY,
                new Target("svc", Env.STAGING, DIGEST, "1.2.3", "")).claiming("1.2.3_git.abcdef1");
        assertThat(Gates.standard().check(build, new Facts())).isEmpty();
    }

    static UnaryOperator<Facts> breaking(Gate.Name gate) {
        return f -> {
            switch (gate) {
                case WHAT -> {
                    f.tag = Optional.of(OTHER);
                    f.served = false;
                }
                case KNOWN_GOOD -> f.staging = List.of();
                case SECRETS -> f.secrets = List.of("API_TOKEN in config Env");
                case SIGNATURE -> f.sig = Optional.of(new GateFacts.SignatureCheck(false, "not signed (no signature found)", List.of("k.pub")));
                case HOLD -> f.hold = Optional.of(" by <at id=ou_dev></at>");
                case FREEZE -> f.freeze = Optional.of("is frozen by <at id=ou_lead></at>: migration");
                case ENV_STATE -> f.state = List.of("svc-prod-r9");
                case WINDOW -> f.window = Optional.of(com.larkops.window.DeployWindow.parse(java.time.ZoneOffset.UTC,
                        List.of("2020-01-01"), List.of()));
                case WHO -> { }
            }
            return f;
        };
    }

    /** Every fact right; a test breaks one. */
    static final class Facts implements GateFacts {
        Optional<Digest> tag = Optional.of(DIGEST);
        boolean served = true;
        Optional<SignatureCheck> sig = Optional.of(new SignatureCheck(true, "signed by k.pub ✓", List.of("k.pub")));
        List<String> secrets = List.of();
        List<Release> staging = List.of(new Release(1, new ServiceName("svc"), Env.STAGING, "1.2.3", DIGEST, "", Release.Kind.DEPLOY, "ou_dev", "oc_ops",
                Instant.parse("2026-12-01T00:00:00Z"), Optional.empty(), Release.Outcome.LIVE, "", "svc-staging-r1",
                Optional.of(Instant.parse("2026-12-01T00:00:10Z")), Optional.of(Instant.parse("2026-12-01T01:00:10Z"))));
        Optional<String> hold = Optional.empty();
        Optional<String> freeze = Optional.empty();
        List<String> state = STATE;
        Optional<com.larkops.window.DeployWindow> window = Optional.empty();

        public Optional<com.larkops.window.DeployWindow> window(Env env) {
            return window;
        }

        public boolean chatAllowed(Caller caller) {
            return caller.fromShell() || caller.chat().equals("oc_ops");
        }

        public Role roleOf(Caller caller) {
            return caller.fromShell() || caller.user().equals("ou_lead") ? Role.APPROVER
                    : caller.user().startsWith("ou_dev") ? Role.DEPLOYER : Role.READER;
        }

        public Optional<Digest> tagNow(ServiceName service, String t) {
            return tag;
        }

        public boolean digestServed(ServiceName service, Digest digest) {
            return served;
        }

        public Optional<SignatureCheck> signature(Target target) {
            return sig;
        }

        public List<String> secretFindings(Target target) {
            return secrets;
        }

        public List<Release> stagingReleasesOf(ServiceName service, Digest digest) {
            return staging;
        }

        public Duration soak(ServiceName service) {
            return Duration.ofMinutes(10);
        }

        public Instant now() {
            return Instant.parse("2026-12-07T00:00:00Z");
        }

        public Optional<String> hold(ServiceName service, Env env) {
            return hold;
        }

        public Optional<com.larkops.i18n.Text> freeze(ServiceName service, Env env) {
            return freeze.map(com.larkops.i18n.Text::verbatim);
        }

        public Optional<String> changedSince(Target target, List<String> before) {
            return state.equals(before) ? Optional.empty()
                    : Optional.of(target.env() + " changed since the request (then " + before + ", now " + state + ")");
        }
    }
}
