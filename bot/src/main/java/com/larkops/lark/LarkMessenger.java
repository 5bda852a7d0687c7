package com.larkops.lark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lark.oapi.Client;
import com.lark.oapi.core.response.BaseResponse;
import com.lark.oapi.service.im.v1.model.CreateMessageReq;
import com.lark.oapi.service.im.v1.model.CreateMessageReqBody;
import com.lark.oapi.service.im.v1.model.CreateMessageResp;
import com.lark.oapi.service.im.v1.model.PatchMessageReq;
import com.lark.oapi.service.im.v1.model.PatchMessageReqBody;
import com.lark.oapi.service.im.v1.model.ReplyMessageReq;
import com.lark.oapi.service.im.v1.model.ReplyMessageReqBody;
import com.lark.oapi.service.im.v1.model.ReplyMessageResp;
import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends replies, messages and card updates through the SDK client, within Lark's limits: at most 5
 * messages a second per chat (shared by all bots in it), 5 updates a second per message, 50 calls a
 * second for the app. A 429 / code 99991400 waits for {@code x-ogw-ratelimit-reset} before trying
 * again; Lark being unreachable is retried with backoff and then logged; it never throws into the
 * caller. Every call is counted by API and outcome (the free plan has a monthly quota).
 */
public final class LarkMessenger implements Messenger {
    private static final Logger log = LoggerFactory.getLogger(LarkMessenger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long[] BACKOFF_MS = {0, 300, 1000, 3000};
    static final int RATE_LIMITED = 99991400;
    /** A reset further away than this is not waited for: the message is dropped and logged. */
    private static final long MAX_RESET_WAIT_SECONDS = 60;

    /** Told about every Lark API call: which API ({@code im.message.reply|create|patch}) and how it ended. */
    public interface CallCounter {
        void larkCall(String api, String outcome);

        CallCounter NONE = (api, outcome) -> { };
    }

    private final Client client;
    private final CallCounter counter;
    /** Where the buttons of every card sent are recorded (a click counts only for those); null records nothing. */
    private final ButtonLedger buttons;
    private final com.larkops.i18n.Language language;
    private final RateGate perApp = new RateGate(50);
    private final RateGate perChat = new RateGate(5);
    private final RateGate perMessage = new RateGate(5);

    public LarkMessenger(Client client) {
        this(client, CallCounter.NONE);
    }

    public LarkMessenger(Client client, CallCounter counter) {
        this(client, counter, null);
    }

    public LarkMessenger(Client client, CallCounter counter, ButtonLedger buttons) {
        this(client, counter, buttons, com.larkops.i18n.Language.DEFAULT);
    }

    /** {@code language}: the one text messages are written in (config {@code language:}); cards carry every language. */
    public LarkMessenger(Client client, CallCounter counter, ButtonLedger buttons, com.larkops.i18n.Language language) {
        this.client = client;
        this.counter = counter;
        this.buttons = buttons;
        this.language = language;
    }

    @Override
    public void reply(String messageId, Reply reply) {
        replyFor("", messageId, reply);
    }

    @Override
    public Optional<String> replyFor(String chatId, String messageId, Reply reply) {
        return recorded(reply, () -> replyOnce(chatId, messageId, reply));
    }

    @Override
    public Optional<String> replyInThread(String messageId, Reply reply) {
        return recorded(reply, () -> replyOnce("", messageId, reply, true));
    }

    private Optional<String> replyOnce(String chatId, String messageId, Reply reply) {
        return replyOnce(chatId, messageId, reply, false);
    }

    private Optional<String> replyOnce(String chatId, String messageId, Reply reply, boolean inThread) {
        Content c = Content.of(reply, language);
        ReplyMessageReqBody.Builder body = ReplyMessageReqBody.newBuilder().msgType(c.type()).content(c.json());
        if (inThread) {
            body.replyInThread(true);
        }
        BaseResponse<?> resp = attempt("im.message.reply", "reply to " + messageId, perChat, chatId.isBlank() ? "replies" : chatId,
                () -> client.im().message().reply(ReplyMessageReq.newBuilder()
                        .messageId(messageId)
                        .replyMessageReqBody(body.build())
                        .build()));
        if (resp instanceof ReplyMessageResp replied && replied.getData() != null) {
            return Optional.ofNullable(replied.getData().getMessageId());
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> send(String chatId, Reply reply) {
        return recorded(reply, () -> sendOnce(chatId, reply));
    }

    /** Sends, and records the card's buttons under the new message's id before anyone can be told it exists. */
    private Optional<String> recorded(Reply reply, java.util.function.Supplier<Optional<String>> send) {
        if (buttons == null || reply.card().isEmpty() || !ButtonLedger.hasButtons(reply.card().get())) {
            return send.get();
        }
        try (ButtonLedger.Sending sending = buttons.sending()) {
            Optional<String> id = send.get();
            id.ifPresent(m -> buttons.shown(m, reply.card().get()));
            return id;
        }
    }

    /** A direct (p2p) message to a user by open_id: the menu's answers, since a menu event names no chat. */
    @Override
    public Optional<String> sendToUser(String openId, Reply reply) {
        return recorded(reply, () -> sendOnce("open_id", openId, reply));
    }

    private Optional<String> sendOnce(String chatId, Reply reply) {
        return sendOnce("chat_id", chatId, reply);
    }

    private Optional<String> sendOnce(String idType, String chatId, Reply reply) {
        Content c = Content.of(reply, language);
        BaseResponse<?> resp = attempt("im.message.create", "message to " + chatId, perChat, chatId,
                () -> client.im().message().create(CreateMessageReq.newBuilder()
                        .receiveIdType(idType)
                        .createMessageReqBody(CreateMessageReqBody.newBuilder().receiveId(chatId).msgType(c.type()).content(c.json()).build())
                        .build()));
        if (resp instanceof CreateMessageResp created && created.getData() != null) {
            return Optional.ofNullable(created.getData().getMessageId());
        }
        return Optional.empty();
    }

    @Override
    public void updateCard(String messageId, Map<String, Object> card) {
        String json = toJson(card);
        if (buttons != null) {
            // the card's newer state: its old buttons stop counting now, even if the update does not arrive (fail closed)
            buttons.shown(messageId, card);
        }
        attempt("im.message.patch", "card update " + messageId, perMessage, messageId,
                () -> client.im().message().patch(PatchMessageReq.newBuilder()
                        .messageId(messageId)
                        .patchMessageReqBody(PatchMessageReqBody.newBuilder().content(json).build())
                        .build()));
    }

    /** {@code PATCH /open-apis/im/v1/messages/{id}/urgent_app?user_id_type=open_id} with {@code user_id_list}. */
    @Override
    public void urgent(String messageId, List<String> openIds) {
        if (openIds.isEmpty()) {
            return;
        }
        attempt("im.message.urgent_app", "urgent of " + messageId, perMessage, messageId,
                () -> client.im().message().urgentApp(com.lark.oapi.service.im.v1.model.UrgentAppMessageReq.newBuilder()
                        .messageId(messageId)
                        .userIdType("open_id")
                        .urgentReceivers(com.lark.oapi.service.im.v1.model.UrgentReceivers.newBuilder()
                                .userIdList(openIds.toArray(String[]::new)).build())
                        .build()));
    }

    @Override
    public Progress liveCard(String messageId) {
        return LiveReply.updating(this, messageId);
    }

    private interface Call {
        BaseResponse<?> send() throws Exception;
    }

    private BaseResponse<?> attempt(String api, String what, RateGate gate, String key, Call call) {
        String last = "";
        int rateLimited = 0;
        for (int i = 0; i < BACKOFF_MS.length; i++) {
            sleep(BACKOFF_MS[i]);
            gate.acquire(key);
            perApp.acquire("app");
            try {
                BaseResponse<?> resp = call.send();
                if (resp.success()) {
                    counter.larkCall(api, "ok");
                    return resp;
                }
                last = "code " + resp.getCode() + " " + resp.getMsg();
                if (isRateLimited(resp)) {
                    counter.larkCall(api, "rate_limited");
                    long reset = resetSeconds(resp);
                    if (reset > MAX_RESET_WAIT_SECONDS || ++rateLimited > 3) {
                        break;
                    }
                    // wait as long as Lark says, for everybody using this key, then try again (not counted as a failure)
                    gate.pause(key, reset * 1_000_000_000L);
                    i--;
                    continue;
                }
                counter.larkCall(api, "refused");
                if (resp.getCode() >= 230000 && resp.getCode() < 240000) {
                    break; // a message-level refusal (e.g. bot not in chat): retrying will not help
                }
            } catch (Exception e) {
                counter.larkCall(api, "unreachable");
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        log.warn("Lark {} failed after retries: {}", what, last);
        return null;
    }

    static boolean isRateLimited(BaseResponse<?> resp) {
        return resp.getCode() == RATE_LIMITED || resp.getRawResponse() != null && resp.getRawResponse().getStatusCode() == 429;
    }

    /** Seconds until Lark lets us call again ({@code x-ogw-ratelimit-reset}); 1 when it does not say. */
    static long resetSeconds(BaseResponse<?> resp) {
        if (resp.getRawResponse() == null || resp.getRawResponse().getHeaders() == null) {
            return 1;
        }
        for (Map.Entry<String, List<String>> h : resp.getRawResponse().getHeaders().entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase("x-ogw-ratelimit-reset") && !h.getValue().isEmpty()) {
                try {
                    return Math.max(1, Long.parseLong(h.getValue().get(0).trim()));
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
        }
        return 1;
    }

    private record Content(String type, String json) {
        static Content of(Reply reply, com.larkops.i18n.Language language) {
            if (reply.card().isPresent()) {
                return new Content("interactive", toJson(reply.card().get()));
            }
            return new Content("text", toJson(Map.of("text", mentions(reply.text(language)))));
        }
    }

    /**
     * The mentions {@link com.larkops.model.Text#mention} wrote for typed user fields, in a text message's form
     * ({@code <at user_id="ou_…"></at>}); any other {@code <at} is made inert, and a bare {@code ou_…} stays
     * text: free text never mentions anyone.
     */
    static String mentions(String text) {
        return com.larkops.model.Text.render(text, LarkMessenger::inert, id -> "<at user_id=\"" + id + "\"></at>");
    }

    private static String inert(String text) {
        return text.replaceAll("(?i)<(/?at\\b)", "‹$1");
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
