package com.larkops.lark;

import com.lark.oapi.event.cardcallback.model.CallBackAction;
import com.lark.oapi.event.cardcallback.model.CallBackContext;
import com.lark.oapi.event.cardcallback.model.CallBackOperator;
import com.lark.oapi.event.cardcallback.model.P2CardActionTrigger;
import com.lark.oapi.event.cardcallback.model.P2CardActionTriggerData;
import com.lark.oapi.event.cardcallback.model.P2CardActionTriggerResponse;
import com.larkops.command.CommandObserver;
import com.larkops.command.CommandRouter;
import com.larkops.command.Policy;
import com.larkops.command.RateLimit;
import com.larkops.i18n.Language;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A click's toast is text: its content in config {@code language:}, and every language in Lark's toast {@code i18n}. */
class CardActionToastTest {
    static P2CardActionTriggerResponse click(Language language, String action) {
        CommandRouter router = new CommandRouter(new Policy(List.of("oc_ops"), Set.of("ou_dev"), Set.of()), e -> { },
                CommandObserver.NONE, Clock.systemUTC(), RateLimit.standard(System::nanoTime), language);
        P2CardActionTriggerData data = new P2CardActionTriggerData();
        CallBackAction a = new CallBackAction();
        a.setValue(Map.of("action", action));
        data.setAction(a);
        CallBackOperator operator = new CallBackOperator();
        operator.setOpenId("ou_dev");
        data.setOperator(operator);
        CallBackContext context = new CallBackContext();
        context.setOpenChatId("oc_ops");
        context.setOpenMessageId("om_card");
        data.setContext(context);
        P2CardActionTrigger event = new P2CardActionTrigger();
        event.setEvent(data);
        return new CardActionReceiver(router, null).handle(event);
    }

    @Test
    void theToastIsInTheConfiguredLanguageAndCarriesEveryLanguage() {
        P2CardActionTriggerResponse zh = click(Language.ZH_CN, "launch");
        assertThat(zh.getToast().getType()).isEqualTo("error");
        assertThat(zh.getToast().getContent()).isEqualTo("未知的卡片操作");
        assertThat(zh.getToast().getI18n()).containsEntry("en_us", "unknown card action").containsEntry("zh_cn", "未知的卡片操作")
                .containsEntry("ja_jp", "不明なカード操作です");
        assertThat(click(Language.EN_US, "launch").getToast().getContent()).isEqualTo("unknown card action");
    }
}
