package com.larkops.skill;

import com.larkops.i18n.Msg;
import com.larkops.command.UsageException;

import java.util.List;

/** The forms of {@code /canary}: list, start (or re-weigh), promote, abort. Pure argument parsing. */
public sealed interface CanaryArgs {
    String USAGE = "/canary [<service> <version|digest> <pct>% | <service> promote | <service> abort]";

    record ListAll() implements CanaryArgs {
    }

    record Start(String service, String reference, int percent) implements CanaryArgs {
    }

    record Promote(String service) implements CanaryArgs {
    }

    record Abort(String service) implements CanaryArgs {
    }

    static CanaryArgs parse(List<String> args) {
        if (args.isEmpty()) {
            return new ListAll();
        }
        String service = args.get(0);
        if (args.size() == 2 && args.get(1).equalsIgnoreCase("promote")) {
            return new Promote(service);
        }
        if (args.size() == 2 && (args.get(1).equalsIgnoreCase("abort") || args.get(1).equalsIgnoreCase("rollback"))) {
            return new Abort(service);
        }
        if (args.size() == 3) {
            // 100% would be a promote without the deploy path's checks, 0% an abort: both have their own words
            return new Start(service, args.get(1), Percent.parse(args.get(2), 1, 99));
        }
        throw new UsageException(args.size() == 1 ? Msg.of("pipeline.canary.say_what", service)
                : Msg.of("pipeline.canary.expected"));
    }
}
