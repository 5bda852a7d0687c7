package com.larkops.skill;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.command.CommandSpec;
import com.larkops.command.Reply;
import com.larkops.command.Role;
import com.larkops.config.ServiceConfig;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.ContainerState;

import java.util.List;
import java.util.Optional;

/**
 * The skills section of {@code /status} (also {@code /skills}): per skill, the live version and its canary
 * as the engine runs them, with request and error counts since this bot started.
 */
public final class SkillStatus {
    private final SkillRouter router;
    private final RuntimeReads runtime;

    public SkillStatus(SkillRouter router, RuntimeReads runtime) {
        this.router = router;
        this.runtime = runtime;
    }

    public CommandSpec spec() {
        return CommandSpec.of("skills", "/skills", "skills, their words, live and canary versions with request counts",
                Role.READER, r -> Reply.ok(section().orElse(Msg.of("pipeline.skills.none"))));
    }

    /** {@code /status}'s post-step: the skills section under its answer. */
    public Reply appended(com.larkops.command.Request request, Reply base) {
        Optional<Text> extra = section();
        if (!base.succeeded() || extra.isEmpty()) {
            return base;
        }
        Text text = Text.joined("\n\n", List.of(base.message(), extra.get()));
        return base.card().map(card -> Reply.card(text, com.larkops.cards.Appended.section(card, Msg.of("pipeline.skills.title"), extra.get())))
                .orElse(Reply.ok(text));
    }

    public Optional<Text> section() {
        List<ServiceConfig> skills = router.skills();
        if (skills.isEmpty()) {
            return Optional.empty();
        }
        List<ContainerState> containers = runtime.listManaged();
        List<Text> lines = new java.util.ArrayList<>();
        lines.add(Msg.of("pipeline.skills.header"));
        for (ServiceConfig s : skills) {
            SkillRoute route = SkillRoute.of(s.serviceName(), containers);
            String words = s.commands().isEmpty() ? "/skill " + s.name() : "/" + String.join(", /", s.commands());
            if (route.live().isEmpty()) {
                lines.add(Msg.of("pipeline.skills.not_running", s.name(), words));
                continue;
            }
            for (Endpoint ep : java.util.stream.Stream.concat(route.live().stream(), route.canary().stream()).toList()) {
                SkillStats.Snapshot n = router.stats().of(s.serviceName(), ep.digest());
                lines.add(Msg.of("pipeline.skills.counts", ep.describe(), words, n.requests(), n.errors()));
            }
        }
        return Optional.of(Text.lines(lines));
    }
}
