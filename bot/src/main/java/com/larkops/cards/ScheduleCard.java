package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scheduled change's card: what runs where and when (wall clock in the configured zone, and how long until then),
 * who asked, the approval's state for prod, and Cancel while it waits; {@code /schedules} lists the pending ones.
 * Every text from outside (versions, results) is escaped here.
 */
public final class ScheduleCard {
    public static final String CANCEL = "cancel_schedule";
    /** Lark refuses a card over 30 KB: each item carries its text in every language, so the list shows 12 and counts the rest. */
    private static final int LISTED = 12;

    private ScheduleCard() {
    }

    /**
     * One schedule as a card shows it. {@code state}: pending, running, done, failed or cancelled. {@code due},
     * {@code countdown} and {@code approval} are texts in every language; {@code result} is what the run left
     * (in every language as stored; a result stored before reads as it was written).
     */
    public record View(String id, String service, String env, String version, String digest, Text due, Text countdown,
                       String state, String requester, Text approval, Text result) {
    }

    public static Map<String, Object> render(View v) {
        String what = v.service() + " " + v.version() + " → " + v.env();
        Text title = Msg.of("command.schedule.title." + switch (v.state()) {
            case "pending", "running", "done", "failed" -> v.state();
            default -> "cancelled";
        }, what);
        CardJson.Colour colour = switch (v.state()) {
            case "pending" -> CardJson.Colour.BLUE;
            case "running" -> CardJson.Colour.WATHET;
            case "done" -> CardJson.Colour.GREEN;
            case "failed" -> CardJson.Colour.RED;
            default -> CardJson.Colour.GREY;
        };
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.add(CardJson.markdown(details(v)));
        if (!v.result().in(com.larkops.i18n.Language.DEFAULT).isBlank()) {
            elements.add(CardJson.markdown(v.result().map(Md::text)));
        }
        if (v.state().equals("pending")) {
            elements.add(CardJson.buttons(List.of(cancel(v.id()))));
            elements.add(CardJson.note(Msg.of("command.schedule.note")));
        }
        return CardJson.card(title, colour, Msg.of("command.schedule.summary", title, v.due()), elements);
    }

    private static Text details(View v) {
        boolean pending = v.state().equals("pending");
        boolean approval = !v.approval().in(com.larkops.i18n.Language.DEFAULT).isBlank();
        return Msg.of("command.schedule.details", Md.escape(v.service()), Md.escape(v.env()), Md.escape(v.version()),
                Md.escape(v.digest()), v.due().map(Md::escape),
                pending ? Text.verbatim(" — **").then(v.countdown().map(Md::escape)).then(Text.verbatim("**")) : "",
                Md.mention(v.requester()),
                approval ? Msg.of("command.schedule.approval", v.approval().map(Md::text)) : "",
                Md.escape(v.id()));
    }

    static Map<String, Object> cancel(String id) {
        return CardJson.button(Msg.of("command.schedule.cancel"), "danger", Map.of("action", CANCEL, "schedule_id", id));
    }

    /** {@code /schedules}: each pending schedule with its own Cancel. */
    public static Map<String, Object> list(List<View> pending, String zone) {
        Text title = Msg.of("command.schedule.list.title", pending.size());
        List<Map<String, Object>> elements = new ArrayList<>();
        if (pending.isEmpty()) {
            elements.add(CardJson.markdown(Msg.of("command.schedule.list.empty", Md.escape(zone))));
        }
        for (View v : pending.subList(0, Math.min(pending.size(), LISTED))) {
            boolean approval = !v.approval().in(com.larkops.i18n.Language.DEFAULT).isBlank();
            elements.add(CardJson.markdown(Msg.of("command.schedule.list.item", Md.escape(v.service() + " " + v.version() + " → " + v.env()),
                    v.due().map(Md::escape), v.countdown().map(Md::escape), Md.mention(v.requester()),
                    approval ? Text.verbatim(" · ").then(v.approval().map(Md::text)) : "", Md.escape(v.id()))));
            elements.add(CardJson.buttons(List.of(cancel(v.id()))));
        }
        if (pending.size() > LISTED) {
            elements.add(CardJson.note(Msg.of("command.schedule.list.more", pending.size() - LISTED)));
        }
        return CardJson.card(title, CardJson.Colour.BLUE, title, elements);
    }
}
