package com.larkops.cards;

import com.larkops.model.Digest;
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
    /** Beyond this many steps the card shows a window (Lark cards stay under 30 KB). */
    static final int MAX_STEP_ROWS = 30;

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

    /** Replaces the first line that starts with {@code prefix} (e.g. what served before, once the change is live). */
    public synchronized ChangeCard replaceLine(String prefix, String markdown) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                lines.set(i, markdown);
                return this;
            }
        }
        return line(markdown);
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


    public synchronized Map<String, Object> render(Instant now) {
        List<Map<String, Object>> elements = new ArrayList<>();
        String what = Md.escape(service) + (version.isBlank() ? "" : " " + Md.escape(version)) + (env.isBlank() ? "" : " → " + Md.escape(env));
        StringBuilder head = new StringBuilder();
        head.append(statusWord()).append(" · ").append(what);
        if (!digest.isBlank()) {
            head.append(" · `").append(Digest.shortOf(digest)).append('`');
        }
        head.append("\n**By** ").append(Md.mention(actor)).append(" · **started** ").append(Md.when(started, now));
        Instant end = finished != null ? finished : now;
        head.append(" · **").append(finished != null ? "took" : "elapsed").append("** ").append(Md.human(Duration.between(started, end)));
        elements.add(CardJson.markdown(head.toString()));
        for (String l : lines) {
            elements.add(CardJson.markdown(l));
        }
        if (!rows.isEmpty()) {
            List<String> lines = new ArrayList<>();
            List<Integer> shown = shownRows();
            if (shown.size() < rows.size()) {
                lines.add(Md.grey(rows.size() + " steps: " + count(StepState.DONE) + " done, " + count(StepState.SKIPPED) + " skipped, "
                        + count(StepState.FAILED) + " failed, " + count(StepState.PENDING) + " pending; showing " + shown.size()));
            }
            for (int i : shown) {
                Row r = rows.get(i);
                lines.add(symbol(r.state) + " " + (i + 1) + ". " + Md.escape(CardJson.clip(r.label, 120)) + " — " + stateText(r, now)
                        + (r.detail.isBlank() ? "" : " (" + Md.escape(CardJson.clip(r.detail, 160)) + ")"));
            }
            // one markdown element holds a few KB: long plans take several
            StringBuilder chunk = new StringBuilder("**Plan**");
            for (String l : lines) {
                if (chunk.length() + l.length() > 3500) {
                    elements.add(CardJson.markdown(chunk.toString()));
                    chunk = new StringBuilder();
                }
                chunk.append(chunk.length() == 0 ? "" : "\n").append(l);
            }
            elements.add(CardJson.markdown(chunk.toString()));
        }
        if (finished != null && !outcomeText.isBlank()) {
            elements.add(CardJson.markdown(Md.text(outcomeText)));
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
                + (digest.isBlank() ? "" : " " + Digest.shortOf(digest));
        return CardJson.card(title, colour(), summary, elements);
    }

    /** Long plans (a prune of many digests) show what matters: running and failed steps, and a window around the current one. */
    private List<Integer> shownRows() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            all.add(i);
        }
        if (rows.size() <= MAX_STEP_ROWS) {
            return all;
        }
        int current = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).state != StepState.PENDING) {
                current = i;
            }
        }
        int from = Math.max(0, current - MAX_STEP_ROWS / 2);
        int to = Math.min(rows.size(), from + MAX_STEP_ROWS);
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if ((i >= from && i < to) || rows.get(i).state == StepState.FAILED && shown.size() < MAX_STEP_ROWS * 2) {
                shown.add(i);
            }
        }
        return shown;
    }

    private long count(StepState state) {
        return rows.stream().filter(r -> r.state == state).count();
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
