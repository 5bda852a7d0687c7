package com.larkops.release;

import java.util.ArrayList;
import java.util.List;

/**
 * Store writes the executor holds back during a cut-over. From the moment the new container passes its
 * health gate until the stops of the containers that served before have returned, two containers serve the
 * service/env, and nothing but the route and those stops belongs there: the audit rows and the release's
 * live stamp of those steps are written right after, in their order, each stamped with the time its step
 * ended. Everything the store must know before that window (the release row, its container) is written
 * before the start; a crash inside it leaves the release in progress with its container healthy, which
 * recovery completes.
 */
final class HeldWrites {
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    /** After a passed health gate at {@code steps[next - 1]}: holds when what follows is a route and stops. */
    void holdIfCutOverFollows(List<Step> steps, int next) {
        for (int i = next; i < steps.size() && isCutOver(steps.get(i)); i++) {
            if (steps.get(i) instanceof Step.Retire) {
                holding = true;
                return;
            }
        }
    }

    /** Whether {@code step} belongs to the held window; any other step writes what was held first. */
    static boolean isCutOver(Step step) {
        return step instanceof Step.Route || step instanceof Step.Retire;
    }

    void write(Runnable write) {
        if (holding) {
            held.add(write);
        } else {
            write.run();
        }
    }

    /** Ends the window: writes what was held, in order. */
    void flush() {
        holding = false;
        List<Runnable> now = List.copyOf(held);
        held.clear();
        now.forEach(Runnable::run);
    }
}
