package com.larkops.skill.kit;

import java.util.List;

/**
 * One skill: a name, the chat commands it answers, and what it replies to one invocation. The kit's
 * {@link SkillServer} does the HTTP; a skill is plain code that a unit test can call directly.
 */
public interface Skill {
    String name();

    /** The chat commands (without the slash) the bot routes to this skill. */
    List<String> commands();

    /**
     * Answers one invocation. A problem the user can fix (bad arguments) is a normal reply that says so;
     * an exception means the skill itself failed and becomes HTTP 500.
     */
    SkillReply invoke(Invocation invocation) throws Exception;
}
