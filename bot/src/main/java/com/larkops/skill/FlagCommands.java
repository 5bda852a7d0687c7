package com.larkops.skill;

import com.larkops.command.CommandSpec;
import com.larkops.command.Reply;
import com.larkops.command.Request;
import com.larkops.command.Role;
import com.larkops.command.UsageException;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /flag} lists feature flags; {@code /flag <name> on|off|<pct>%} sets one (deployers). Skills get
 * every flag, evaluated for the calling user, in each invocation, so a change ships dark and goes off in one command.
 */
public final class FlagCommands {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final FlagStorage store;
    private final Clock clock;

    public FlagCommands(FlagStorage store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public CommandSpec spec() {
        return new CommandSpec("flag", "/flag [<name> on|off|<pct>%]", "feature flags the skills receive; alone: list them",
                c -> c.args().isEmpty() ? Role.READER : Role.DEPLOYER, this::handle);
    }

    /** Every flag as the skills see it for this user. */
    public Map<String, Boolean> evaluate(String user) {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (FlagStorage.Flag f : store.all()) {
            flags.put(f.name(), f.rule().enabledFor(f.name(), user));
        }
        return flags;
    }

    private Reply handle(Request r) {
        List<String> args = r.command().args();
        if (args.isEmpty()) {
            return Reply.ok(list());
        }
        if (args.size() != 2) {
            throw new UsageException("expected a flag name and on, off or a share like 25%");
        }
        String name = FlagRule.checkName(args.get(0).toLowerCase());
        FlagRule rule = FlagRule.parse(args.get(1));
        store.set(name, rule, r.caller().user(), clock.instant());
        return Reply.ok("flag " + name + " is now " + rule + (rule.percent() > 0 && rule.percent() < 100
                ? " (per user, stable: the same users keep it)" : "") + "; skills see it from their next invocation");
    }

    private String list() {
        List<FlagStorage.Flag> flags = store.all();
        if (flags.isEmpty()) {
            return "no feature flags yet; set one with /flag <name> on|off|<pct>%";
        }
        StringBuilder sb = new StringBuilder(flags.size() + " flag(s)\n");
        for (FlagStorage.Flag f : flags) {
            sb.append(f.name()).append(": ").append(f.rule()).append(" (set by ").append(com.larkops.model.Text.mention(f.updatedBy()))
                    .append(" at ").append(WHEN.format(f.updatedAt())).append(")\n");
        }
        return sb.toString().stripTrailing();
    }
}
