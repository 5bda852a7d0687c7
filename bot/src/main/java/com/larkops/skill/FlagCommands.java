package com.larkops.skill;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
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
            throw new UsageException(Msg.of("pipeline.flag.usage"));
        }
        String name = FlagRule.checkName(args.get(0).toLowerCase());
        FlagRule rule = FlagRule.parse(args.get(1));
        store.set(name, rule, r.caller().user(), clock.instant());
        return Reply.ok(Msg.of(rule.percent() > 0 && rule.percent() < 100 ? "pipeline.flag.set_share" : "pipeline.flag.set", name, rule));
    }

    private Text list() {
        List<FlagStorage.Flag> flags = store.all();
        if (flags.isEmpty()) {
            return Msg.of("pipeline.flag.none");
        }
        List<Text> lines = new java.util.ArrayList<>();
        lines.add(Msg.of("pipeline.flag.count", flags.size()));
        for (FlagStorage.Flag f : flags) {
            lines.add(Msg.of("pipeline.flag.line", f.name(), f.rule(), com.larkops.model.Text.mention(f.updatedBy()), WHEN.format(f.updatedAt())));
        }
        return Text.lines(lines);
    }
}
