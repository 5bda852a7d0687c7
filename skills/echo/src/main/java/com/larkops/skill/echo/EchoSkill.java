package com.larkops.skill.echo;

import com.larkops.skill.kit.Invocation;
import com.larkops.skill.kit.Skill;
import com.larkops.skill.kit.SkillReply;
import com.larkops.skill.kit.SkillServer;

import java.util.List;
import java.util.Locale;

/**
 * The reference skill: answers {@code /echo hello} with "echo: hello". The {@code shout} feature flag
 * upper-cases the reply, which is how a canary of a flag is seen in chat at a glance.
 */
public final class EchoSkill implements Skill {
    public static final String SHOUT = "shout";

    public static void main(String[] args) throws Exception {
        SkillServer.serve(new EchoSkill());
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public List<String> commands() {
        return List.of("echo");
    }

    @Override
    public SkillReply invoke(Invocation invocation) {
        if (invocation.text().isEmpty()) {
            return SkillReply.text("usage: /echo <text>");
        }
        String said = invocation.flag(SHOUT) ? invocation.text().toUpperCase(Locale.ROOT) : invocation.text();
        return SkillReply.text("echo: " + said);
    }
}
