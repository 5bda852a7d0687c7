package com.larkops.cards;

import com.larkops.i18n.Msg;

import java.util.Map;

/**
 * The next-action buttons of a finished change card. Each value names the typed command it stands
 * for plus what it was made for (a release, a digest), so a click on an old card is refused when that
 * no longer holds. Approval buttons keep the contract {@code {"action":"approve"|"reject","request_id":…}}.
 */
public final class Actions {
    public static final String PROMOTE = "promote";
    public static final String ROLLBACK = "rollback";
    public static final String HISTORY = "history";
    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";
    /** The approval card's Schedule choice (never approve or reject): the picked time comes back in {@code form_value}. */
    public static final String SCHEDULE_APPROVAL = "schedule_approval";
    /** The submit button of a menu form card: its fields come back in {@code form_value}. */
    public static final String FORM = "form";

    private Actions() {
    }

    public static ChangeCard.Action promote(String service, String digest) {
        return new ChangeCard.Action(Msg.of("release.button.promote"), "primary", Map.of("action", PROMOTE, "service", service, "digest", digest));
    }

    public static ChangeCard.Action rollback(String service, String env, long releaseId) {
        return new ChangeCard.Action(Msg.of("release.button.rollback"), "danger", Map.of("action", ROLLBACK, "service", service, "env", env,
                "release_id", String.valueOf(releaseId)));
    }

    public static ChangeCard.Action history(String service) {
        return new ChangeCard.Action(Msg.of("release.button.history"), "default", Map.of("action", HISTORY, "service", service));
    }

    public static Map<String, Object> approval(String action, String requestId) {
        return Map.of("action", action, "request_id", requestId);
    }
}
