package com.larkops.lark;

import com.lark.oapi.event.cardcallback.P2CardActionTriggerHandler;
import com.lark.oapi.event.cardcallback.model.CallBackCard;
import com.lark.oapi.event.cardcallback.model.CallBackToast;
import com.lark.oapi.event.cardcallback.model.P2CardActionTrigger;
import com.lark.oapi.event.cardcallback.model.P2CardActionTriggerResponse;
import com.larkops.command.ActionSpec;
import com.larkops.command.CardAction;
import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.i18n.Language;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code card.action.trigger}: a button click, handed to the command router's action table (policy, audit
 * and metrics as for commands; a click counts only for a button larkops posted on that message). Answers within Lark's 3 s with a toast and the card as it now is; a deploy
 * it starts runs on a worker and patches the card when done.
 */
public final class CardActionReceiver extends P2CardActionTriggerHandler {
    private final CommandRouter router;
    private final ButtonLedger buttons;

    public CardActionReceiver(CommandRouter router, ButtonLedger buttons) {
        this.router = router;
        this.buttons = buttons;
    }

    @Override
    public P2CardActionTriggerResponse handle(P2CardActionTrigger event) {
        var data = event.getEvent();
        Map<String, Object> raw = data.getAction() == null || data.getAction().getValue() == null ? Map.of() : data.getAction().getValue();
        Map<String, String> value = new LinkedHashMap<>();
        raw.forEach((k, v) -> value.put(k, String.valueOf(v)));
        String user = data.getOperator() == null || data.getOperator().getOpenId() == null ? "" : data.getOperator().getOpenId();
        String chat = data.getContext() == null || data.getContext().getOpenChatId() == null ? "" : data.getContext().getOpenChatId();
        String message = data.getContext() == null ? "" : data.getContext().getOpenMessageId();
        Map<String, String> form = new LinkedHashMap<>();
        if (data.getAction() != null && data.getAction().getFormValue() != null) {
            data.getAction().getFormValue().forEach((k, v) -> form.put(k, v == null ? "" : String.valueOf(v)));
        }
        String action = value.getOrDefault("action", "");
        // a menu form (posted to the user's own chat with the bot) names the chat its command acts for; the ledger
        // lets the click count only if larkops posted exactly that value on this message
        if (com.larkops.cards.Actions.FORM.equals(action) && !value.getOrDefault("chat", "").isBlank()) {
            chat = value.get("chat");
        }
        ActionSpec.Answer answer = router.act(new CardAction(action, value, Caller.lark(user, chat), message, form));
        P2CardActionTriggerResponse resp = new P2CardActionTriggerResponse();
        CallBackToast toast = new CallBackToast();
        toast.setType(answer.tone().name().toLowerCase(Locale.ROOT)); // Lark's toast types: success, info, warning, error
        // a toast is text: in config language:, and Lark shows the clicker the i18n entry of their client's language
        toast.setContent(com.larkops.model.Text.plain(answer.text(router.language())));
        Map<String, String> i18n = new LinkedHashMap<>();
        for (Language l : Language.values()) {
            i18n.put(l.key(), com.larkops.model.Text.plain(answer.text(l)));
        }
        toast.setI18n(i18n);
        resp.setToast(toast);
        answer.card().ifPresent(c -> {
            buttons.shown(message, c); // the answer's card replaces the clicked one: its buttons are the ones that count now
            CallBackCard card = new CallBackCard();
            card.setType("raw");
            card.setData(c);
            resp.setCard(card);
        });
        return resp;
    }
}
