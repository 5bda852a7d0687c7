package com.larkops.lark;

import com.larkops.command.Messenger;
import com.larkops.command.News;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.store.NewsThreadTable;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * News in threads: the service's open incident's thread when it has one; else the topic's thread in the chat, whose
 * first message is posted to the chat (and remembered, durably), every later one a reply in its thread.
 */
public final class NewsThreads implements News {
    private final Messenger messenger;
    private final NewsThreadTable threads;
    /** The open prod incident's message of a service, if any. */
    private final Function<String, Optional<String>> incidentOf;
    private final Clock clock;

    public NewsThreads(Messenger messenger, NewsThreadTable threads, Function<String, Optional<String>> incidentOf, Clock clock) {
        this.messenger = messenger;
        this.threads = threads;
        this.incidentOf = incidentOf;
        this.clock = clock;
    }

    @Override
    public Optional<String> tell(String chat, Topic topic, Reply reply) {
        Optional<String> root = root(chat, topic);
        if (root.isPresent()) {
            return messenger.replyInThread(root.get(), reply);
        }
        Optional<String> id = messenger.send(chat, reply);
        id.ifPresent(m -> threads.remember(chat, topic.key(), m, clock.instant()));
        return id;
    }

    @Override
    public Progress live(String chat, Topic topic, com.larkops.i18n.Text title) {
        Optional<String> root = root(chat, topic);
        if (root.isPresent()) {
            return LiveReply.inThread(messenger, chat, root.get(), title);
        }
        return LiveReply.posting(messenger, chat, title, m -> threads.remember(chat, topic.key(), m, clock.instant()));
    }

    private Optional<String> root(String chat, Topic topic) {
        return incidentOf.apply(topic.subject()).or(() -> threads.root(chat, topic.key()));
    }
}
