package com.larkops.lark;

import com.lark.oapi.service.application.ApplicationService;
import com.lark.oapi.service.application.v6.model.P2BotMenuV6;
import com.larkops.command.CommandLanes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code application.bot.menu_v6}: a click on the bot's menu ({@code event.event_key}) by a user
 * ({@code event.operator.operator_id.open_id}). The event names no chat — Lark delivers the menu per user — so the
 * answer (a form card, or the digest) goes to that user directly, a p2p message by open_id. Acknowledged at once;
 * the work runs on a worker. The signature, token, age and dedup checks happened before, as for every event.
 */
public final class MenuReceiver extends ApplicationService.P2BotMenuV6Handler {
    private static final Logger log = LoggerFactory.getLogger(MenuReceiver.class);

    /** What a menu key does for a user (built where config, registry and router are known). */
    public interface Menu {
        void open(String eventKey, String openId);
    }

    private final Menu menu;
    private final CommandLanes workers;

    public MenuReceiver(Menu menu, CommandLanes workers) {
        this.menu = menu;
        this.workers = workers;
    }

    @Override
    public void handle(P2BotMenuV6 event) {
        var data = event.getEvent();
        String key = data == null || data.getEventKey() == null ? "" : data.getEventKey();
        String user = data == null || data.getOperator() == null || data.getOperator().getOperatorId() == null
                || data.getOperator().getOperatorId().getOpenId() == null ? "" : data.getOperator().getOperatorId().getOpenId();
        if (user.isBlank()) {
            return;
        }
        boolean queued = workers.submit(user, false, () -> {
            try {
                menu.open(key, user);
            } catch (RuntimeException e) {
                log.warn("menu {} for {} failed: {}", com.larkops.model.Text.clip(key), user, e.getMessage());
            }
        });
        if (!queued) {
            log.warn("menu {} for {}: no room; dropped", com.larkops.model.Text.clip(key), user);
        }
    }
}
