package com.larkops.release;

import com.larkops.model.LockKey;
import com.larkops.model.Release;

import java.util.List;

/**
 * Every change to what runs, as data: a title, the lock it needs, and the steps. It prints itself; an
 * approval card shows exactly this text and approving runs exactly these steps. {@code rollout} is set for a
 * deploy or rollback (the release record follows it), null for other plans (recovery, canary, prune).
 */
public record Plan(String title, LockKey lock, List<Step> steps, Rollout rollout) {
    public Plan {
        steps = List.copyOf(steps);
    }

    public static Plan of(String title, LockKey lock, List<Step> steps) {
        return new Plan(title, lock, steps, null);
    }

    /**
     * What a deploy or rollback puts live, and in which container. {@code definitionChange}: why a digest that
     * already runs is deployed again ("definition changed: volumes"), or null.
     */
    public record Rollout(Target target, Release.Kind kind, String container, boolean reusesKeptContainer,
                          String definitionChange) {
        public Rollout(Target target, Release.Kind kind, String container, boolean reusesKeptContainer) {
            this(target, kind, container, reusesKeptContainer, null);
        }
    }

    /** See {@link Rollout#definitionChange}. */
    public java.util.Optional<String> definitionChange() {
        return hasRollout() ? java.util.Optional.ofNullable(rollout.definitionChange()) : java.util.Optional.empty();
    }

    /** {@link #definitionChange()} as a person reads it. */
    public java.util.Optional<com.larkops.i18n.Text> definitionChangeText() {
        return definitionChange().map(Definition::text);
    }

    public boolean hasRollout() {
        return rollout != null;
    }

    public Target target() {
        return rollout.target();
    }

    public Release.Kind kind() {
        return rollout.kind();
    }

    public String container() {
        return rollout.container();
    }

    public boolean reusesKeptContainer() {
        return rollout.reusesKeptContainer();
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(title).append('\n');
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
