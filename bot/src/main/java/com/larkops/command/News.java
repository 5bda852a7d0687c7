package com.larkops.command;

import java.util.Optional;

/**
 * Unsolicited news (a push noticed, a soak done, a prune report, an automatic deploy refused): one thread per topic
 * (a service and version, or another subject): the first message about it is posted to the chat, every later one is
 * a reply in its thread, so the chat itself stays quiet. While the service has an open incident, its news goes into
 * the incident's thread.
 */
public interface News {
    /** What a thread is about: {@code echo 1.4.2}, or a subject of its own ({@code prune}) with no version. */
    record Topic(String subject, String version) {
        public Topic {
            subject = subject == null ? "" : subject;
            version = version == null ? "" : version;
        }

        public static Topic of(String subject) {
            return new Topic(subject, "");
        }

        public String key() {
            return version.isBlank() ? subject : subject + " " + version;
        }
    }

    /** Says {@code reply} about {@code topic} in {@code chat}; returns the message's id when the chat returned one. */
    Optional<String> tell(String chat, Topic topic, Reply reply);

    /** The live card of a change nobody typed (an automatic deploy) about {@code topic}: in the topic's thread. */
    Progress live(String chat, Topic topic, com.larkops.i18n.Text title);

    /** Without threads: every piece of news a message of its own (tests; the shell posts nothing unsolicited). */
    static News plain(Messenger messenger, java.util.function.BiFunction<String, com.larkops.i18n.Text, Progress> posting) {
        return new News() {
            public Optional<String> tell(String chat, Topic topic, Reply reply) {
                return messenger.send(chat, reply);
            }

            public Progress live(String chat, Topic topic, com.larkops.i18n.Text title) {
                return posting.apply(chat, title);
            }
        };
    }
}
