package com.larkops.skill.kit;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /info} answers. The version comes from the jar manifest ({@code Implementation-Version},
 * written by the build from the POM), so the running code says which build it is.
 */
public record SkillInfo(String name, String version, List<String> commands) {
    static final String UNKNOWN_VERSION = "dev";

    static SkillInfo of(Skill skill) {
        String version = skill.getClass().getPackage().getImplementationVersion();
        return new SkillInfo(skill.name(), version == null ? UNKNOWN_VERSION : version, List.copyOf(skill.commands()));
    }

    Map<String, Object> toJson() {
        return Map.of("name", name, "version", version, "commands", commands);
    }
}
