package com.larkops.release;

import com.larkops.command.Progress;
import com.larkops.cards.ChangeCard;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the executor's step events into the change's live card: each event updates the
 * {@link ChangeCard} view model and shows it through the command's {@link Progress} (which coalesces
 * updates to Lark's per-message limit).
 */
public final class ChangeTracker implements StepListener, Progress {
    private final ChangeCard card;
    private final Progress progress;
    private final Clock clock;

    public ChangeTracker(ChangeCard card, Progress progress, Clock clock) {
        this.card = card;
        this.progress = progress;
        this.clock = clock;
    }

    /** The card of a deploy or rollback about to run {@code plan} for {@code release}. */
    public static ChangeTracker forPlan(Plan plan, Release release, Progress progress, Clock clock) {
        String kind = ChangeCards.kind(plan.kind());
        ChangeCard card = new ChangeCard(kind, plan.target().service(), plan.target().env().tag(), release.actor(), clock.instant())
                .target(plan.target().version(), plan.target().digest().value())
                .labelled(plan.steps().stream().map(Step::label).toList())
                .footer(Msg.of("release.card.release_id", release.id()));
        return new ChangeTracker(card, progress, clock);
    }

    /** The card of any other plan (a canary): {@code kind} names it; the plan's steps are its rows. */
    public static ChangeTracker forSteps(String kind, ServiceName service, Env env, String actor, Target target, Plan plan,
                                         Progress progress, Clock clock) {
        ChangeCard card = new ChangeCard(kind, service.value(), env.tag(), actor, clock.instant())
                .target(target.version(), target.digest().value())
                .labelled(plan.steps().stream().map(Step::label).toList());
        return new ChangeTracker(card, progress, clock);
    }

    /** Ends the card: live or failed, with the outcome text. */
    public Map<String, Object> finish(boolean live, Text text) {
        update(c -> c.finish(live ? ChangeCard.Outcome.LIVE : ChangeCard.Outcome.FAILED, text, clock.instant()));
        return render();
    }

    public ChangeCard card() {
        return card;
    }

    @Override
    public void onStep(Plan plan, int index, Step step, State state, String detail) {
        onStep(plan, index, step, state, Text.verbatim(detail));
    }

    @Override
    public void onStep(Plan plan, int index, Step step, State state, Text detail) {
        card.step(index, ChangeCard.StepState.valueOf(state.name()), detail, clock.instant());
        if (state != State.PENDING) {
            show();
        }
        if (state == State.RUNNING && step instanceof Step.AwaitHealthy await) {
            progress.line(Msg.of("release.progress.waiting_healthy", await.container()));
        }
    }

    /** Text progress goes on to the command's channel (the shell prints it; a live card ignores it). */
    @Override
    public void update(String text) {
        progress.update(text);
    }

    @Override
    public void line(Text text) {
        progress.line(text);
    }

    @Override
    public java.util.Optional<String> card(Map<String, Object> card) {
        return progress.card(card);
    }

    @Override
    public java.util.Optional<String> messageId() {
        return progress.messageId();
    }

    @Override
    public java.util.Optional<String> commandMessageId() {
        return progress.commandMessageId();
    }

    @Override
    public void showCard(Map<String, Object> card) {
        progress.showCard(card);
    }

    @Override
    public boolean delivered() {
        return progress.delivered();
    }

    @Override
    public void failed(Integer exitCode, String reason, String redactedLogs) {
        failed(exitCode, Text.verbatim(reason), redactedLogs);
    }

    @Override
    public void failed(Integer exitCode, Text reason, String redactedLogs) {
        card.evidence(new ChangeCard.Evidence(exitCode, reason, redactedLogs));
    }

    /** Applies {@code change} to the card and shows it. */
    public ChangeTracker update(Consumer<ChangeCard> change) {
        change.accept(card);
        show();
        return this;
    }

    public Map<String, Object> render() {
        return card.render(clock.instant());
    }

    public void show() {
        progress.showCard(render());
    }
}
