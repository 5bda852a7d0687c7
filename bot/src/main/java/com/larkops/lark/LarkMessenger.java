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
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Sends replies, messages and card updates through the SDK client. Lark being unreachable is
 * retried with backoff and then logged; it never throws into the caller.
 */
public final class LarkMessenger implements Messenger {
    private static final Logger log = LoggerFactory.getLogger(LarkMessenger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long[] BACKOFF_MS = {0, 300, 1000, 3000};

    private final Client client;

    public LarkMessenger(Client client) {
        this.client = client;
    }

    @Override
    public void reply(String messageId, Reply reply) {
        Content c = Content.of(reply);
        attempt("reply to " + messageId, () -> client.im().message().reply(ReplyMessageReq.newBuilder()
                .messageId(messageId)
                .replyMessageReqBody(ReplyMessageReqBody.newBuilder().msgType(c.type()).content(c.json()).build())
                .build()));
    }

    @Override
    public Optional<String> send(String chatId, Reply reply) {
        Content c = Content.of(reply);
        BaseResponse<?> resp = attempt("message to " + chatId, () -> client.im().message().create(CreateMessageReq.newBuilder()
                .receiveIdType("chat_id")
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
        attempt("card update " + messageId, () -> client.im().message().patch(PatchMessageReq.newBuilder()
                .messageId(messageId)
                .patchMessageReqBody(PatchMessageReqBody.newBuilder().content(json).build())
                .build()));
    }

    private interface Call {
        BaseResponse<?> send() throws Exception;
    }

    private static BaseResponse<?> attempt(String what, Call call) {
        String last = "";
        for (long wait : BACKOFF_MS) {
            sleep(wait);
            try {
                BaseResponse<?> resp = call.send();
                if (resp.success()) {
                    return resp;
                }
                last = "code " + resp.getCode() + " " + resp.getMsg();
                if (resp.getCode() >= 230000 && resp.getCode() < 240000) {
                    break; // a message-level refusal (e.g. bot not in chat): retrying will not help
                }
            } catch (Exception e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        log.warn("Lark {} failed after retries: {}", what, last);
        return null;
    }

    private record Content(String type, String json) {
        static Content of(Reply reply) {
            if (reply.card().isPresent()) {
                return new Content("interactive", toJson(reply.card().get()));
            }
            return new Content("text", toJson(Map.of("text", reply.text())));
        }
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
