package com.larkops.cards;

import com.larkops.i18n.Catalogue;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
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

        /** The word in the catalogue (change.status.live …), in each language. */
        public Msg msg() {
            return Msg.of("change.status." + name().toLowerCase());
        }
    }

    /** Exit code and the last (already redacted) log lines of what failed. */
    public record Evidence(Integer exitCode, Text reason, String logLines) {
    }

    /** A button of the finished card: its label, style and the callback value. */
    public record Action(Text label, String type, Map<String, Object> value) {
    }

    /** A free line under the title; {@code slot} names it so that a later line can replace it (empty: none). */
    private record Line(String slot, Text markdown) {
    }

    private static final class Row {
        final Text label;
        StepState state = StepState.PENDING;
        Instant started;
        Duration took;
        Text detail = Text.verbatim("");

        Row(Text label) {
            this.label = label;
        }
    }

    private final String kind;
    private final String service;
    private final String env;
    private final String actor;
    private final Instant started;
    private final List<Row> rows = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private String version = "";
    private String digest = "";
    private Outcome outcome = Outcome.RUNNING;
    private Text outcomeText = Text.verbatim("");
    private Instant finished;
    private Evidence evidence;
    private Text footer = Text.verbatim("");

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
        return labelled(labels.stream().map(Text::verbatim).toList());
    }

    /** The plan's steps, all pending, in order, each as a person reads it (a step's {@code label()}). */
    public synchronized ChangeCard labelled(List<? extends Text> labels) {
        rows.clear();
        labels.forEach(l -> rows.add(new Row(l)));
        return this;
    }

    /** A step event: the step at {@code index} is now in {@code state} ({@code detail}: why skipped or failed). */
    public synchronized ChangeCard step(int index, StepState state, Text detail, Instant now) {
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
        r.detail = detail == null ? Text.verbatim("") : detail;
        return this;
    }

    /** A free line under the title (e.g. "approved by …", "break-glass: no approval needed"); markdown, escaped by the caller. */
    public synchronized ChangeCard line(Text markdown) {
        return line("", markdown);
    }

    /** A line that a later {@link #replaceLine} with the same {@code slot} replaces. */
    public synchronized ChangeCard line(String slot, Text markdown) {
        if (lines.size() < 20) {
            lines.add(new Line(slot, markdown));
        }
        return this;
    }

    /** Replaces the line in {@code slot} (e.g. what served before, once the change is live); adds it when there is none. */
    public synchronized ChangeCard replaceLine(String slot, Text markdown) {
        for (int i = 0; i < lines.size(); i++) {
            if (!slot.isEmpty() && lines.get(i).slot().equals(slot)) {
                lines.set(i, new Line(slot, markdown));
                return this;
            }
        }
        return line(slot, markdown);
    }

    public synchronized ChangeCard footer(Text markdown) {
        this.footer = markdown;
        return this;
    }

    /** {@code text}: plain text (the reply's), escaped here for the card. */
    public synchronized ChangeCard finish(Outcome outcome, Text text, Instant now) {
        this.outcome = outcome;
        this.outcomeText = text == null ? Text.verbatim("") : text;
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
        String whatAndDigest = what + (digest.isBlank() ? "" : " · `" + Digest.shortOf(digest) + "`");
        Instant end = finished != null ? finished : now;
        elements.add(CardJson.markdown(Msg.of("change.head", statusWord(), whatAndDigest, Md.mention(actor), Md.when(started, now),
                Msg.of(finished != null ? "change.took" : "change.elapsed"), Md.human(Duration.between(started, end)))));
        for (Line l : lines) {
            elements.add(CardJson.markdown(l.markdown()));
        }
        if (!rows.isEmpty()) {
            elements.addAll(planElements(now));
        }
        if (finished != null && !outcomeText.in(Language.DEFAULT).isBlank()) {
            elements.add(CardJson.markdown(outcomeText.map(Md::text)));
        }
        if (!digest.isBlank()) {
            elements.add(CardJson.note(Msg.of("release.card.digest_copy", digest.replaceAll("[^a-z0-9:]", ""))));
        }
        if (evidence != null) {
            List<Map<String, Object>> inside = new ArrayList<>();
            if (!evidence.reason().in(Language.DEFAULT).isBlank()) {
                inside.add(CardJson.markdown(evidence.reason().map(Md::escape)));
            }
            if (!evidence.logLines().isBlank()) {
                inside.add(CardJson.markdown(Msg.of("release.card.last_logs", Md.codeBlock(evidence.logLines(), 3000))));
            }
            Text title = evidence.exitCode() != null ? Msg.of("release.card.evidence_exit", evidence.exitCode())
                    : Msg.of("release.card.evidence");
            elements.add(CardJson.panel(title, false, inside.isEmpty() ? List.of(CardJson.markdown(Msg.of("release.card.no_log_output"))) : inside));
        }
        if (finished != null && !actions.isEmpty()) {
            elements.add(CardJson.buttons(actions.stream().map(a -> CardJson.button(a.label(), a.type(), a.value())).toList()));
        }
        if (!footer.in(Language.DEFAULT).isBlank()) {
            elements.add(CardJson.note(footer));
        }
        Text title = Msg.of("change.title", kindWord(), service + (version.isBlank() ? "" : " " + version)
                + (env.isBlank() ? "" : " → " + env), outcome.msg());
        Text summary = Msg.of("release.card.summary", kindWord(), service + " " + (version.isBlank() ? "" : version + " "), outcome.msg(),
                digest.isBlank() ? "" : " " + Digest.shortOf(digest));
        return CardJson.card(title, colour(), summary, elements);
    }

    /** The plan's rows; one markdown element holds a few KB, so long plans take several. */
    private List<Map<String, Object>> planElements(Instant now) {
        List<Text> lines = new ArrayList<>();
        List<Integer> shown = shownRows();
        if (shown.size() < rows.size()) {
            lines.add(Msg.of("release.card.steps_window", rows.size(), count(StepState.DONE), count(StepState.SKIPPED),
                    count(StepState.FAILED), count(StepState.PENDING), shown.size()).map(Md::grey));
        }
        for (int i : shown) {
            Row r = rows.get(i);
            lines.add(Msg.of(r.detail.in(Language.DEFAULT).isBlank() ? "release.card.step" : "release.card.step_detail", symbol(r.state), i + 1,
                    r.label.map(l -> Md.escape(CardJson.clip(l, 120))), stateText(r, now), r.detail.map(d -> Md.escape(CardJson.clip(d, 160)))));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        List<Text> chunk = new ArrayList<>(List.of(Msg.of("release.card.plan")));
        int length = 0;
        for (Text l : lines) {
            int size = l.in(Language.DEFAULT).length();
            if (length + size > 3500) {
                out.add(CardJson.markdown(Text.lines(chunk)));
                chunk = new ArrayList<>();
                length = 0;
            }
            chunk.add(l);
            length += size + 1;
        }
        out.add(CardJson.markdown(Text.lines(chunk)));
        return out;
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

    private Text statusWord() {
        Msg word = outcome.msg();
        return language -> {
            String bold = "**" + word.in(language) + "**";
            return switch (outcome) {
                case RUNNING, ROLLED_BACK -> bold;
                case LIVE -> Md.green(bold);
                case FAILED -> Md.red(bold);
                case CANCELLED -> Md.grey(bold);
            };
        };
    }

    /** The kind in the catalogue ("deploy" → change.kind.deploy); a kind it does not know is shown as it is. */
    private Text kindWord() {
        String key = "change.kind." + kind;
        return Catalogue.has(key) ? Msg.of(key) : Text.verbatim(capitalised(kind));
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

    private static Text stateText(Row r, Instant now) {
        return switch (r.state) {
            case PENDING -> Msg.of("release.card.step.pending");
            case RUNNING -> r.started == null ? Msg.of("release.card.step.running")
                    : Msg.of("release.card.step.running_for", Md.human(Duration.between(r.started, now)));
            case DONE -> r.took == null ? Msg.of("release.card.step.done") : Msg.of("release.card.step.done_in", Md.human(r.took));
            case SKIPPED -> Msg.of("release.card.step.skipped");
            case FAILED -> r.took == null ? Msg.of("release.card.step.failed").map(Md::red)
                    : Msg.of("release.card.step.failed_after", Msg.of("release.card.step.failed").map(Md::red), Md.human(r.took));
        };
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
