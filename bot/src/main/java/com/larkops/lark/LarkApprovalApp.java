package com.larkops.lark;

import com.lark.oapi.Client;
import com.lark.oapi.service.approval.v4.model.CancelInstanceReq;
import com.lark.oapi.service.approval.v4.model.CancelInstanceResp;
import com.lark.oapi.service.approval.v4.model.CreateInstanceReq;
import com.lark.oapi.service.approval.v4.model.CreateInstanceResp;
import com.lark.oapi.service.approval.v4.model.InstanceCancel;
import com.lark.oapi.service.approval.v4.model.InstanceCreate;
import com.lark.oapi.service.approval.v4.model.SubscribeApprovalReq;
import com.lark.oapi.service.approval.v4.model.SubscribeApprovalResp;
import com.larkops.approval.ApprovalApp;
import com.larkops.approval.ApprovalRequest;
import com.larkops.command.RefusedException;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.model.Text;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Lark's Approval app: {@code POST /open-apis/approval/v4/instances} with the configured definition's
 * {@code approval_code}, initiated by the requester ({@code open_id}), the request id as {@code uuid} (Lark creates one
 * instance per uuid, so a retry makes no second one), and the request as the value of the form's text widget
 * {@value #WIDGET} (the definition needs one multi-line text field with that custom ID).
 * Before its first instance of a definition, the process subscribes the app to that definition's events
 * ({@code POST /open-apis/approval/v4/approvals/{approval_code}/subscribe}): without it Lark sends no
 * {@code approval_task} event, so no decision would ever arrive. Lark needs it once per app; a refusal (e.g. already
 * subscribed) is logged and the instance is created anyway.
 */
public final class LarkApprovalApp implements ApprovalApp {
    private static final Logger log = LoggerFactory.getLogger(LarkApprovalApp.class);
    static final String WIDGET = "larkops";
    private static final int MAX_TEXT = 3000;

    private final Client client;
    private final LarkMessenger.CallCounter counter;
    private final Language language;
    private final java.util.Set<String> subscribed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LarkApprovalApp(Client client, LarkMessenger.CallCounter counter) {
        this(client, counter, Language.DEFAULT);
    }

    /** The instance's form text in {@code language} (config {@code language:}): the Approval app shows one text. */
    public LarkApprovalApp(Client client, LarkMessenger.CallCounter counter, Language language) {
        this.client = client;
        this.counter = counter;
        this.language = language;
    }

    @Override
    public String create(String approvalCode, ApprovalRequest request, com.larkops.i18n.Text shown) {
        subscribeOnce(approvalCode);
        String text = shown.in(language);
        String value = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
        String form = LarkMessenger.toJson(List.of(Map.of("id", WIDGET, "type", "textarea", "value", value)));
        CreateInstanceReq req = CreateInstanceReq.newBuilder().instanceCreate(InstanceCreate.newBuilder()
                .approvalCode(approvalCode).openId(request.requester()).form(form).uuid(request.id()).build()).build();
        CreateInstanceResp resp;
        try {
            resp = client.approval().instance().create(req);
        } catch (Exception e) {
            counter.larkCall("approval.instance.create", "error");
            throw new RefusedException(Msg.of("approval.app.unreachable", Text.clip(String.valueOf(e.getMessage()))));
        }
        if (resp == null || !resp.success() || resp.getData() == null || resp.getData().getInstanceCode() == null) {
            counter.larkCall("approval.instance.create", "error");
            throw new RefusedException(resp == null ? Msg.of("approval.app.refused")
                    : Msg.of("approval.app.refused.code", resp.getCode(), Text.clip(String.valueOf(resp.getMsg()))));
        }
        counter.larkCall("approval.instance.create", "ok");
        return resp.getData().getInstanceCode();
    }

    /** {@code POST /open-apis/approval/v4/instances/cancel}, as its initiator (the requester): the instance is withdrawn. */
    @Override
    public void cancel(String approvalCode, ApprovalRequest request) {
        String instance = request.larkInstance().orElse("");
        try {
            CancelInstanceResp resp = client.approval().instance().cancel(CancelInstanceReq.newBuilder().userIdType("open_id")
                    .instanceCancel(InstanceCancel.newBuilder().approvalCode(approvalCode).instanceCode(instance)
                            .userId(request.requester()).build()).build());
            boolean ok = resp != null && resp.success();
            counter.larkCall("approval.instance.cancel", ok ? "ok" : "error");
            if (ok) {
                log.info("approval {}: instance {} withdrawn in the Approval app", request.id(), instance);
            } else {
                log.warn("approval {}: withdrawing instance {} in the Approval app: Lark answered {} {}", request.id(), instance,
                        resp == null ? "nothing" : resp.getCode(), resp == null ? "" : Text.clip(String.valueOf(resp.getMsg())));
            }
        } catch (Exception e) {
            counter.larkCall("approval.instance.cancel", "error");
            log.warn("approval {}: withdrawing instance {} in the Approval app failed: {}", request.id(), instance,
                    Text.clip(String.valueOf(e.getMessage())));
        }
    }

    /** Subscribes the app to the definition's events, once per process and definition (again next time if it failed). */
    private void subscribeOnce(String approvalCode) {
        if (subscribed.contains(approvalCode)) {
            return;
        }
        try {
            SubscribeApprovalResp resp = client.approval().approval().subscribe(SubscribeApprovalReq.newBuilder().approvalCode(approvalCode).build());
            if (resp != null && resp.success()) {
                counter.larkCall("approval.approval.subscribe", "ok");
                log.info("subscribed to the events of approval definition {}", approvalCode);
            } else {
                counter.larkCall("approval.approval.subscribe", "error");
                log.warn("subscribing to the events of approval definition {}: Lark answered {} {} (fine if it was subscribed before; "
                        + "else no decision arrives: grant the app approval:approval)", approvalCode,
                        resp == null ? "nothing" : resp.getCode(), resp == null ? "" : Text.clip(String.valueOf(resp.getMsg())));
            }
            subscribed.add(approvalCode);
        } catch (Exception e) {
            counter.larkCall("approval.approval.subscribe", "error");
            log.warn("subscribing to the events of approval definition {} failed: {} (tried again with the next request)", approvalCode,
                    Text.clip(String.valueOf(e.getMessage())));
        }
    }
}
