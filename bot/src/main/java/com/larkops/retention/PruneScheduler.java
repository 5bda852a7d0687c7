package com.larkops.retention;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.command.News;
import com.larkops.command.Reply;
import com.larkops.config.PruneSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduled prune ({@code prune_schedule}): every period, a plan for all services is posted to the chat;
 * it is applied only when the config says {@code apply: true}, as {@code larkops:schedule} in the audit log. The
 * reports share one thread in the chat (the first is posted, later ones reply in its thread).
 */
public final class PruneScheduler implements AutoCloseable {
    static final String ACTOR = "larkops:schedule";
    private static final Logger log = LoggerFactory.getLogger(PruneScheduler.class);

    private final PruneSchedule schedule;
    private final PruneService prune;
    private final News news;
    private static final News.Topic TOPIC = News.Topic.of("scheduled prune");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "larkops-prune-schedule");
        t.setDaemon(true);
        return t;
    });

    public PruneScheduler(PruneSchedule schedule, PruneService prune, News news) {
        this.schedule = schedule;
        this.prune = prune;
        this.news = news;
    }

    /** First run one period after start: a restart loop must not turn into a prune loop. */
    public PruneScheduler start() {
        return start(() -> true);
    }

    /** The same, running each round only while {@code leads} (the replica holding the leader lease). */
    public PruneScheduler start(java.util.function.BooleanSupplier leads) {
        long every = schedule.every().toMillis();
        timer.scheduleAtFixedRate(() -> {
            if (leads.getAsBoolean()) {
                runOnce();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    void runOnce() {
        try {
            PrunePlan plan = prune.dryRun("all");
            if (!schedule.apply() || plan.isEmpty()) {
                news.tell(schedule.chat(), TOPIC, Reply.ok(Msg.of("pipeline.prune.scheduled", plan.text())
                        .thenLine(Msg.of(plan.isEmpty() ? "pipeline.prune.nothing" : "pipeline.prune.not_applied"))));
                return;
            }
            PruneService.Applied applied = prune.apply("all", ACTOR, schedule.chat());
            news.tell(schedule.chat(), TOPIC, Reply.ok(Text.joined("\n\n", java.util.List.of(Msg.of("pipeline.prune.scheduled", plan.text()),
                    prune.describe(applied)))));
        } catch (RuntimeException e) {
            log.warn("scheduled prune failed: {}", e.getMessage());
            try {
                news.tell(schedule.chat(), TOPIC, Reply.error(Msg.of("pipeline.prune.scheduled_failed", e.getMessage())));
            } catch (RuntimeException ignored) {
                // the chat is unreachable too; the log line above stays
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
