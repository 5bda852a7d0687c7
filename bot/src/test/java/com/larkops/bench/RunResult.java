package com.larkops.bench;

/**
 * One measured run against one endpoint. {@code seconds} runs from the first send (scheduled, for a
 * fixed-rate run) to the last answer, so a server that falls behind shows a lower accepted rate.
 * {@code othersCpuPercent} is what other processes took of the machine meanwhile (see {@link CpuShare}).
 */
record RunResult(String target, String mode, long sent, long accepted, long refused, long failed, double seconds,
                 Latencies.Summary latency, double othersCpuPercent) {

    double acceptedPerSecond() {
        return seconds <= 0 ? 0 : accepted / seconds;
    }
}
