package com.larkops.app;

import com.larkops.command.CommandObserver;
import com.larkops.command.Reply;
import com.larkops.lark.LarkMessenger;
import com.larkops.lark.LarkWebhook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/** Prometheus metrics: events received and rejected by reason, commands by name and outcome, handler latency. */
public final class Metrics implements CommandObserver, LarkWebhook.EventCounter, LarkMessenger.CallCounter {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter received = Counter.builder("larkops_events_received").description("Lark events received").register(registry);

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void rejected(String reason) {
        Counter.builder("larkops_events_rejected").description("Lark events refused or ignored, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public void observed(String command, Reply.Outcome outcome, Duration took) {
        Counter.builder("larkops_commands").description("commands routed, by name and outcome")
                .tag("command", command).tag("outcome", outcome.label()).register(registry).increment();
        Timer.builder("larkops_command_duration").description("command handler latency")
                .tag("command", command).publishPercentileHistogram().register(registry).record(took);
    }

    @Override
    public void larkCall(String api, String outcome) {
        Counter.builder("larkops_lark_api_calls").description("calls to Lark's Open API, by API and outcome (ok, rate_limited, refused, unreachable)")
                .tag("api", api).tag("outcome", outcome).register(registry).increment();
    }

    /** {@code larkops_leader}: 1 on the replica that runs the background work now, 0 on the others. */
    void leader(java.util.function.BooleanSupplier leads) {
        io.micrometer.core.instrument.Gauge.builder("larkops_leader", () -> leads.getAsBoolean() ? 1 : 0)
                .description("1 when this replica holds the leader lease and runs the background work").register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
