package com.larkops.lark;

import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Under overload a chat gets one busy notice per window, naming how many commands were not run. */
class BusyNoticesTest {
    record Sent(String messageId, String text) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<Runnable> scheduled = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();
    final Messenger messenger = new Messenger() {
        @Override
        public void reply(String messageId, Reply reply) {
            sent.add(new Sent(messageId, reply.text()));
        }

        @Override
        public Optional<String> send(String chatId, Reply reply) {
            throw new AssertionError("busy notices reply in the thread");
        }

        @Override
        public void updateCard(String messageId, Map<String, Object> card) {
            throw new AssertionError();
        }
    };
    final BusyNotices busy = new BusyNotices(messenger, Duration.ofSeconds(5), (task, delay) -> {
        scheduled.add(task);
        delays.add(delay);
    });

    @Test
    void aThousandRefusedCommandsInAChatMakeOneNoticeThatCountsThem() {
        for (int i = 1; i <= 1000; i++) {
            busy.refused("oc_ops", "om_" + i);
        }
        busy.refused("oc_other", "om_x");
        assertThat(scheduled).hasSize(2);
        assertThat(delays).containsOnly(Duration.ZERO);
        scheduled.forEach(Runnable::run);
        assertThat(sent).containsExactlyInAnyOrder(
                new Sent("om_1000", "larkops is busy: 1000 commands (this one and earlier ones) were not run; try again in a minute"),
                new Sent("om_x", "larkops is busy: this command was not run; try again in a minute"));
    }

    @Test
    void theNextNoticeForTheSameChatWaitsForTheRestOfTheWindow() {
        busy.refused("oc_ops", "om_1");
        scheduled.remove(0).run();
        busy.refused("oc_ops", "om_2");
        busy.refused("oc_ops", "om_3");
        assertThat(scheduled).hasSize(1);
        assertThat(delays.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        scheduled.remove(0).run();
        assertThat(sent).extracting(Sent::text).containsExactly(
                "larkops is busy: this command was not run; try again in a minute",
                "larkops is busy: 2 commands (this one and earlier ones) were not run; try again in a minute");
    }
}
