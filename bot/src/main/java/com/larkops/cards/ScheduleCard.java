package com.larkops.cards;

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

    private ScheduleCard() {
    }

    /** One schedule as a card shows it. {@code state}: pending, running, done, failed or cancelled. */
    public record View(String id, String service, String env, String version, String digest, String due, String countdown,
                       String state, String requester, String approval, String result) {
    }

    public static Map<String, Object> render(View v) {
        String what = v.service() + " " + v.version() + " → " + v.env();
        String title = switch (v.state()) {
            case "pending" -> "Scheduled: " + what;
            case "running" -> "Running now: " + what;
            case "done" -> "Ran: " + what;
            case "failed" -> "Did not run: " + what;
            default -> "Cancelled: " + what;
        };
        CardJson.Colour colour = switch (v.state()) {
            case "pending" -> CardJson.Colour.BLUE;
            case "running" -> CardJson.Colour.WATHET;
            case "done" -> CardJson.Colour.GREEN;
            case "failed" -> CardJson.Colour.RED;
            default -> CardJson.Colour.GREY;
        };
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.add(CardJson.markdown(details(v)));
        if (!v.result().isBlank()) {
            elements.add(CardJson.markdown(Md.text(v.result())));
        }
        if (v.state().equals("pending")) {
            elements.add(CardJson.buttons(List.of(cancel(v.id()))));
            elements.add(CardJson.note("Every gate (window, holds, freezes, approval, env unchanged) is checked again at the due time. "
                    + "The requester or an approver may cancel."));
        }
        return CardJson.card(title, colour, title + " at " + v.due(), elements);
    }

    private static String details(View v) {
        return "**Service** " + Md.escape(v.service()) + " · **Env** " + Md.escape(v.env())
                + "\n**Version** " + Md.escape(v.version()) + "\n**Digest** `" + Md.escape(v.digest()) + "`"
                + "\n**Runs at** " + Md.escape(v.due()) + (v.state().equals("pending") ? " — **" + Md.escape(v.countdown()) + "**" : "")
                + "\n**Requested by** " + Md.mention(v.requester())
                + (v.approval().isBlank() ? "" : "\n**Approval** " + Md.text(v.approval()))
                + "\n**Schedule** " + Md.escape(v.id());
    }

    static Map<String, Object> cancel(String id) {
        return CardJson.button("Cancel", "danger", Map.of("action", CANCEL, "schedule_id", id));
    }

    /** {@code /schedules}: each pending schedule with its own Cancel. */
    public static Map<String, Object> list(List<View> pending, String zone) {
        String title = "Scheduled changes — " + pending.size() + " pending";
        List<Map<String, Object>> elements = new ArrayList<>();
        if (pending.isEmpty()) {
            elements.add(CardJson.markdown("Nothing is scheduled. Schedule with `/deploy <service> <version> [env] at YYYY-MM-DD HH:MM` ("
                    + Md.escape(zone) + ")."));
        }
        for (View v : pending.subList(0, Math.min(pending.size(), 20))) {
            elements.add(CardJson.markdown("**" + Md.escape(v.service() + " " + v.version() + " → " + v.env()) + "** at "
                    + Md.escape(v.due()) + " — " + Md.escape(v.countdown()) + "\nby " + Md.mention(v.requester())
                    + (v.approval().isBlank() ? "" : " · " + Md.text(v.approval())) + " · `" + Md.escape(v.id()) + "`"));
            elements.add(CardJson.buttons(List.of(cancel(v.id()))));
        }
        if (pending.size() > 20) {
            elements.add(CardJson.note((pending.size() - 20) + " more not shown"));
        }
        return CardJson.card(title, CardJson.Colour.BLUE, title, elements);
    }
}
