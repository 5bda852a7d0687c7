package com.larkops.lark;

import com.larkops.cards.Actions;
import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Caller;
import com.larkops.command.CommandLanes;
import com.larkops.command.CommandRouter;
import com.larkops.command.FormSubmission;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.command.Role;
import com.larkops.command.UsageException;
import com.larkops.i18n.Msg;

import java.util.Optional;

/**
 * The submit button of the menu's form cards as a row of the router's action table. The click counts only on the
 * form larkops posted on that message ({@code POSTED}); its fields become the typed command
 * ({@link FormSubmission}), which the router authorises at click time as if typed (chat, role) and then routes on
 * a worker — parse, allow-list, role, rate limit, handler, audit — exactly like typing it. Its live card is posted
 * to the chat the command acts for.
 */
public final class FormSpecs {
    private FormSpecs() {
    }

    public static ActionSpec spec(CommandRouter router, CommandLanes workers, Messenger messenger) {
        return new ActionSpec(Actions.FORM, Role.READER, a -> run(a, router, workers, messenger), ActionSpec.Binding.POSTED,
                FormSpecs::command);
    }

    static Optional<String> command(CardAction a) {
        try {
            return Optional.of(FormSubmission.command(a.get("form"), a.form()));
        } catch (UsageException e) {
            return Optional.empty();
        }
    }

    private static ActionSpec.Answer run(CardAction a, CommandRouter router, CommandLanes workers, Messenger messenger) {
        String text;
        try {
            text = FormSubmission.command(a.get("form"), a.form());
        } catch (UsageException e) {
            return new ActionSpec.Answer(Reply.Outcome.USAGE, ActionSpec.Tone.WARNING, e.text(), Optional.empty());
        }
        Caller caller = Caller.lark(a.caller().user(), a.caller().chat());
        boolean queued = workers.submit(caller.user(), router.isChange(text), () -> {
            LiveReply live = LiveReply.posting(messenger, caller.chat(), text);
            live.finish(router.route(caller, text, live));
        });
        return queued
                ? new ActionSpec.Answer(Reply.Outcome.OK, ActionSpec.Tone.INFO, Msg.of("command.click.running", text), Optional.empty())
                : new ActionSpec.Answer(Reply.Outcome.BUSY, ActionSpec.Tone.WARNING, Msg.of("command.busy.click"), Optional.empty());
    }
}
