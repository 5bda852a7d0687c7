package com.larkops.skill;

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
                Role.READER, r -> Reply.ok(section().orElse("no skills configured (mark a service 'skill: true')")));
    }

    /** {@code /status}'s post-step: the skills section under its answer. */
    public Reply appended(com.larkops.command.Request request, Reply base) {
        Optional<String> extra = section();
        if (!base.succeeded() || extra.isEmpty()) {
            return base;
        }
        String text = base.text() + "\n\n" + extra.get();
        return base.card().map(card -> Reply.card(text, com.larkops.cards.CardJson.appended(card,
                com.larkops.cards.CardJson.markdown("**Skills**\n" + com.larkops.cards.Md.escape(extra.get())))))
                .orElse(Reply.ok(text));
    }

    public Optional<String> section() {
        List<ServiceConfig> skills = router.skills();
        if (skills.isEmpty()) {
            return Optional.empty();
        }
        List<ContainerState> containers = runtime.listManaged();
        StringBuilder sb = new StringBuilder("skills (invocations since this bot started)\n");
        for (ServiceConfig s : skills) {
            SkillRoute route = SkillRoute.of(s.name(), containers);
            String words = s.commands().isEmpty() ? "/skill " + s.name() : "/" + String.join(", /", s.commands());
            if (route.live().isEmpty()) {
                sb.append(s.name()).append(" [").append(words).append("]: not running\n");
                continue;
            }
            for (Endpoint ep : java.util.stream.Stream.concat(route.live().stream(), route.canary().stream()).toList()) {
                SkillStats.Snapshot n = router.stats().of(s.name(), ep.digest());
                sb.append(ep.describe()).append(" [").append(words).append("]: ").append(n.requests()).append(" requests, ")
                        .append(n.errors()).append(" errors\n");
            }
        }
        return Optional.of(sb.toString().stripTrailing());
    }
}
