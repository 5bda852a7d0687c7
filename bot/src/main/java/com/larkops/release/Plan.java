package com.larkops.release;

import com.larkops.model.Release;

import java.util.List;

/**
 * A deploy or rollback as data: the target, the container that will serve it, and the steps. It prints
 * itself; an approval card shows exactly this text and approving runs exactly these steps.
 */
public record Plan(Target target, Release.Kind kind, String container, boolean reusesKeptContainer, List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(kind.label()).append(' ').append(target.service()).append(' ').append(target.version())
                .append(" (").append(target.digest().shortForm()).append(") to ").append(target.env()).append('\n');
        for (int i = 0; i < steps.size(); i++) {
            sb.append(i + 1).append(". ").append(steps.get(i).describe()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public String toString() {
        return describe();
    }
}
