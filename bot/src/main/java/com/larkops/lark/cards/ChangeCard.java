package com.larkops.lark.cards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The view model of one change (deploy, rollback, approved promotion, canary, prune) as its single
 * live card shows it: the plan's steps with their state, who, since when, and at the end the outcome,
 * version, digest, duration, failure evidence and the next actions. It is fed by step events
 * ({@link #step}) and rendered to card JSON 2.0 by {@link #render}; it does no I/O.
 */
public final class ChangeCard {
    public enum StepState { PENDING, RUNNING, DONE, SKIPPED, FAILED }

    /** How it ended; the word is what the card (and the contract) says. */
    public enum Outcome { RUNNING("running"), LIVE("live"), FAILED("failed"), ROLLED_BACK("rolled back"), CANCELLED("cancelled");
        public final String word;

        Outcome(String word) {
            this.word = word;
        }
    }

    /** Exit code and the last (already redacted) log lines of what failed. */
    public record Evidence(Integer exitCode, String reason, String logLines) {
    }

    /** A button of the finished card: its label, style and the callback value. */
    public record Action(String label, String type, Map<String, Object> value) {
    }

    private static final class Row {
        final String label;
        StepState state = StepState.PENDING;
        Instant started;
        Duration took;
        String detail = "";

        Row(String label) {
            this.label = label;
        }
    }

    private final String kind;
    private final String service;
    private final String env;
    private final String actor;
    private final Instant started;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private String version = "";
    private String digest = "";
    private Outcome outcome = Outcome.RUNNING;
    private String outcomeText = "";
    private Instant finished;
    private Evidence evidence;
    private String footer = "";

    public ChangeCard(String kind, String service, String env, String actor, Instant started) {
        this.kind = kind;
        this.service = service;
        this.env = env;
        this.actor = actor;
        this.started = started;
    }

    public synchronized ChangeCard target(String version, String digest) {
        this.version = version == null ? "" : version;
        this.digest = digest == null ? "" : digest;
        return this;
    }

    /** The plan's steps, all pending, in order. */
    public synchronized ChangeCard steps(List<String> labels) {
        rows.clear();
        labels.forEach(l -> rows.add(new Row(l)));
        return this;
    }

    /** A step event: the step at {@code index} is now in {@code state} ({@code detail}: why skipped or failed). */
    public synchronized ChangeCard step(int index, StepState state, String detail, Instant now) {
        if (index < 0 || index >= rows.size()) {
            return this;
        }
        Row r = rows.get(index);
        if (state == StepState.RUNNING) {
            r.started = now;
        } else if (r.started != null && state != StepState.PENDING) {
            r.took = Duration.between(r.started, now);
        }
        r.state = state;
        r.detail = detail == null ? "" : detail;
        return this;
    }

    /** A free line under the title (e.g. "approved by …", "break-glass: no approval needed"); markdown, escaped by the caller. */
    public synchronized ChangeCard line(String markdown) {
        if (lines.size() < 20) {
            lines.add(markdown);
        }
        return this;
    }

    public synchronized ChangeCard footer(String markdown) {
        this.footer = markdown;
        return this;
    }

    public synchronized ChangeCard finish(Outcome outcome, String text, Instant now) {
        this.outcome = outcome;
        this.outcomeText = text == null ? "" : text;
        this.finished = now;
        return this;
    }

    public synchronized ChangeCard evidence(Evidence evidence) {
        this.evidence = evidence;
        return this;
    }

    public synchronized ChangeCard action(Action action) {
        actions.add(action);
        return this;
    }

    public synchronized Outcome outcome() {
        return outcome;
    }

    public synchronized boolean finished() {
        return finished != null;
    }

    /** The short digest as the contract wants it: {@code sha256:} and the first 12 hex. */
    static String shortDigest(String digest) {
        return digest.startsWith("sha256:") && digest.length() >= 19 ? digest.substring(0, 19) : digest;
    }

    public synchronized Map<String, Object> render(Instant now) {
        List<Map<String, Object>> elements = new ArrayList<>();
        String what = Md.escape(service) + (version.isBlank() ? "" : " " + Md.escape(version)) + (env.isBlank() ? "" : " → " + Md.escape(env));
        StringBuilder head = new StringBuilder();
        head.append(statusWord()).append(" · ").append(what);
        if (!digest.isBlank()) {
            head.append(" · `").append(Md.escape(shortDigest(digest)).replace("\\", "")).append('`');
        }
        head.append("\n**By** ").append(Md.mention(actor)).append(" · **started** ").append(Md.when(started, now));
        Instant end = finished != null ? finished : now;
        head.append(" · **").append(finished != null ? "took" : "elapsed").append("** ").append(Md.human(Duration.between(started, end)));
        elements.add(CardJson.markdown(head.toString()));
        for (String l : lines) {
            elements.add(CardJson.markdown(l));
        }
        if (!rows.isEmpty()) {
            StringBuilder steps = new StringBuilder("**Plan**\n");
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                steps.append(symbol(r.state)).append(' ').append(i + 1).append(". ").append(Md.escape(r.label))
                        .append(" — ").append(stateText(r, now));
                if (!r.detail.isBlank()) {
                    steps.append(" (").append(Md.escape(CardJson.clip(r.detail, 200))).append(')');
                }
                steps.append('\n');
            }
            elements.add(CardJson.markdown(steps.toString().stripTrailing()));
        }
        if (finished != null && !outcomeText.isBlank()) {
            elements.add(CardJson.markdown(Md.escape(outcomeText)));
        }
        if (!digest.isBlank()) {
            elements.add(CardJson.note("Digest (copy): `" + digest.replaceAll("[^a-z0-9:]", "") + "`"));
        }
        if (evidence != null) {
            List<Map<String, Object>> inside = new ArrayList<>();
            if (!evidence.reason().isBlank()) {
                inside.add(CardJson.markdown(Md.escape(evidence.reason())));
            }
            if (!evidence.logLines().isBlank()) {
                inside.add(CardJson.markdown("**Last log lines** (redacted)\n" + Md.codeBlock(evidence.logLines(), 3000)));
            }
            String title = "Failure evidence" + (evidence.exitCode() != null ? " · exit code " + evidence.exitCode() : "");
            elements.add(CardJson.panel(title, false, inside.isEmpty() ? List.of(CardJson.markdown("no log output")) : inside));
        }
        if (finished != null && !actions.isEmpty()) {
            elements.add(CardJson.buttons(actions.stream().map(a -> CardJson.button(a.label(), a.type(), a.value())).toList()));
        }
        if (!footer.isBlank()) {
            elements.add(CardJson.note(footer));
        }
        String title = capitalised(kind) + ": " + service + (version.isBlank() ? "" : " " + version)
                + (env.isBlank() ? "" : " → " + env) + " — " + outcome.word;
        String summary = kind + " " + service + " " + (version.isBlank() ? "" : version + " ") + outcome.word
                + (digest.isBlank() ? "" : " " + shortDigest(digest));
        return CardJson.card(title, colour(), summary, elements);
    }

    private String statusWord() {
        return switch (outcome) {
            case RUNNING -> "**running**";
            case LIVE -> Md.green("**live**");
            case FAILED -> Md.red("**failed**");
            case ROLLED_BACK -> "**rolled back**";
            case CANCELLED -> Md.grey("**cancelled**");
        };
    }

    private CardJson.Colour colour() {
        return switch (outcome) {
            case RUNNING -> CardJson.Colour.BLUE;
            case LIVE -> CardJson.Colour.GREEN;
            case FAILED -> CardJson.Colour.RED;
            case ROLLED_BACK -> CardJson.Colour.ORANGE;
            case CANCELLED -> CardJson.Colour.GREY;
        };
    }

    static String symbol(StepState s) {
        return switch (s) {
            case PENDING -> "○";
            case RUNNING -> "▶";
            case DONE -> "✓";
            case SKIPPED -> "↷";
            case FAILED -> "✗";
        };
    }

    private static String stateText(Row r, Instant now) {
        return switch (r.state) {
            case PENDING -> "pending";
            case RUNNING -> "running" + (r.started == null ? "" : " " + Md.human(Duration.between(r.started, now)));
            case DONE -> "done" + (r.took == null ? "" : " in " + Md.human(r.took));
            case SKIPPED -> "skipped";
            case FAILED -> Md.red("failed") + (r.took == null ? "" : " after " + Md.human(r.took));
        };
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
