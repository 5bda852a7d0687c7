package com.larkops.lark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lark.oapi.service.im.ImService;
import com.lark.oapi.service.im.v1.model.EventMessage;
import com.lark.oapi.service.im.v1.model.P2MessageReceiveV1;
import com.larkops.command.Caller;
import com.larkops.command.CommandLine;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandWorkers;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Handles {@code im.message.receive_v1}: turns the event into a {@link ChatMessage}, enqueues the
 * command on the worker pool and returns at once; the worker routes it and replies in the thread.
 */
public final class MessageReceiver extends ImService.P2MessageReceiveV1Handler {
    private static final Logger log = LoggerFactory.getLogger(MessageReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRouter router;
    private final CommandWorkers workers;
    private final Messenger messenger;
    /** Short notices (busy, "I answer commands"); when even this is full the notice is dropped, never the ack delayed. */
    private final CommandWorkers notices = new CommandWorkers(1, 256);

    public MessageReceiver(CommandRouter router, CommandWorkers workers, Messenger messenger) {
        this.router = router;
        this.workers = workers;
        this.messenger = messenger;
    }

    @Override
    public void handle(P2MessageReceiveV1 event) {
        ChatMessage m = toMessage(event);
        if (!m.fromUser()) {
            return;
        }
        if (!"text".equals(m.messageType()) || !CommandLine.isCommand(m.text())) {
            if (m.isDirect()) {
                notices.submit(() -> messenger.reply(m.messageId(), Reply.usage("I answer commands; type /help for the list")));
            }
            return;
        }
        boolean queued = workers.submit(() -> run(m));
        if (!queued) {
            log.warn("event={} worker pool full; told the user to retry", m.eventId());
            // told off the delivery thread: Lark's ack must not wait for our call back to Lark
            notices.submit(() -> messenger.reply(m.messageId(), new Reply(Reply.Outcome.BUSY,
                    "larkops is busy with other commands; try again in a minute", java.util.Optional.empty())));
        }
    }

    private void run(ChatMessage m) {
        try {
            Caller caller = Caller.lark(m.senderOpenId(), m.chatId(), m.messageId());
            // one reply per command: its live card (or its answer), then only updates of that message
            LiveReply live = LiveReply.replying(messenger, m.chatId(), m.messageId(), titleOf(m.text()));
            Reply reply = router.route(caller, m.text(), live);
            live.finish(reply);
        } catch (RuntimeException e) {
            log.error("event={} command failed", m.eventId(), e);
        }
    }

    /** The command as the card's fallback title: its first words, bounded. */
    static String titleOf(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 60 ? t : t.substring(0, 59) + "…";
    }

    static ChatMessage toMessage(P2MessageReceiveV1 event) {
        var data = event.getEvent();
        EventMessage msg = data.getMessage();
        String openId = data.getSender() != null && data.getSender().getSenderId() != null
                ? data.getSender().getSenderId().getOpenId() : "";
        String senderType = data.getSender() != null ? data.getSender().getSenderType() : "";
        return new ChatMessage(event.getHeader().getEventId(), msg.getMessageId(), msg.getChatId(), msg.getChatType(),
                openId, senderType, msg.getMessageType(), textOf(msg.getContent()));
    }

    private static String textOf(String content) {
        if (content == null) {
            return "";
        }
        try {
            return JSON.readTree(content).path("text").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
