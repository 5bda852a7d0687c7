package com.larkops.lark;

import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.cards.CardJson;
import com.larkops.cards.CardSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One reply, then only updates of that message; bursts coalesced; the last state always arrives last. */
class LiveReplyTest {
    record Call(String kind, String target, Object content) {
    }

    static class Recorder implements Messenger {
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        public void reply(String messageId, Reply reply) {
            calls.add(new Call("reply", messageId, reply.card().<Object>map(c -> c).orElse(reply.text())));
        }

        public Optional<String> replyFor(String chatId, String messageId, Reply reply) {
            reply(messageId, reply);
            return Optional.of("om_card_1");
        }

        public Optional<String> send(String chatId, Reply reply) {
            calls.add(new Call("send", chatId, reply.text()));
            return Optional.of("om_sent");
        }

        public void updateCard(String messageId, Map<String, Object> card) {
            calls.add(new Call("patch", messageId, card));
        }
    }

    static Map<String, Object> card(int n) {
        return CardJson.card(com.larkops.i18n.Text.verbatim("step " + n), CardJson.Colour.BLUE, com.larkops.i18n.Text.verbatim("s"), List.of(CardJson.markdown(com.larkops.i18n.Text.verbatim("step " + n))));
    }

    @Test
    void aBurstOfUpdatesIsOneReplyThenFewerPatchesEndingWithTheFinalCard() {
        Recorder lark = new Recorder();
        LiveReply live = LiveReply.replying(lark, "oc_ops", "om_cmd", "/deploy echo 1.0.0");
        for (int i = 0; i < 40; i++) {
            assertThat(live.card(card(i))).contains("om_card_1");
        }
        live.finish(Reply.card(com.larkops.i18n.Text.verbatim("done"), card(99)));
        List<Call> calls = List.copyOf(lark.calls);
        assertThat(calls.get(0)).isEqualTo(new Call("reply", "om_cmd", card(0)));
        assertThat(calls.subList(1, calls.size())).allMatch(c -> c.kind().equals("patch") && c.target().equals("om_card_1"));
        assertThat(calls.size()).as("40 updates were coalesced").isLessThan(40);
        assertThat(calls.get(calls.size() - 1).content()).isEqualTo(card(99));
    }

    /**
     * Delivered means sent: the card's last state handed to the sender is not yet on Lark (a bot killed then never
     * shows it), so whoever records the card as finished asks this first (issue #30's kill -9 cases).
     */
    @Test
    void deliveredWaitsForTheLastUpdateToBeSentAndSaysFalseWhenItCouldNotBe() throws Exception {
        java.util.concurrent.CountDownLatch patching = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch lark = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean();
        Recorder recorder = new Recorder() {
            @Override
            public void updateCard(String messageId, Map<String, Object> card) {
                patching.countDown();
                try {
                    lark.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (fail.get()) {
                    throw new IllegalStateException("Lark unreachable");
                }
                super.updateCard(messageId, card);
            }
        };
        LiveReply live = LiveReply.replying(recorder, "oc_ops", "om_cmd", "/deploy echo 1.0.0");
        live.card(card(1));
        live.showCard(card(2));
        var asked = java.util.concurrent.CompletableFuture.supplyAsync(live::delivered);
        patching.await();
        assertThat(asked).as("the PATCH is on its way, not delivered").isNotDone();
        lark.countDown();
        assertThat(asked.get()).isTrue();
        assertThat(recorder.calls.get(recorder.calls.size() - 1).content()).isEqualTo(card(2));

        fail.set(true);
        live.showCard(card(3));
        assertThat(live.delivered()).isFalse();
    }

    @Test
    void textProgressBecomesALinesCardAndTheAnswerPatchesIt() {
        Recorder lark = new Recorder();
        LiveReply live = LiveReply.replying(lark, "oc_ops", "om_cmd", "/prune --apply");
        live.update("pruning all…");
        live.finish(Reply.ok(com.larkops.i18n.Text.verbatim("prune applied for all: deleted 2 manifest(s) <at id=ou_x></at>")));
        assertThat(lark.calls).extracting(Call::kind).containsExactly("reply", "patch");
        assertThat(CardSchema.load().validate(lark.calls.get(0).content())).isEmpty();
        assertThat(CardSchema.load().validate(lark.calls.get(1).content())).isEmpty();
        assertThat(lark.calls.get(1).content().toString()).contains("pruning all…").contains("deleted 2 manifest(s)")
                .contains("‹at id=ou_x›").contains("— done");
    }

    @Test
    void aLongAnswerIsEscapedLineByLineAndNotCutAtTheEscapingBound() {
        Recorder lark = new Recorder();
        LiveReply live = LiveReply.replying(lark, "oc_ops", "om_cmd", "/prune");
        live.update("reading the registry…");
        StringBuilder plan = new StringBuilder("prune plan for all (dry run)\n");
        for (int i = 0; i < 30; i++) {
            plan.append("  delete signature sha256:").append(String.format("%012d", i)).append(" — attached to a digest deleted in this plan\n");
        }
        plan.append("the last line");
        assertThat(plan.length()).isGreaterThan(2000).isLessThan(CardJson.MAX_MARKDOWN - 200);
        live.finish(Reply.ok(com.larkops.i18n.Text.verbatim(plan.toString())));
        assertThat(CardSchema.load().validate(lark.calls.get(lark.calls.size() - 1).content())).isEmpty();
        assertThat(lark.calls.get(lark.calls.size() - 1).content().toString()).contains("sha256:000000000029").contains("the last line");
    }

    @Test
    void aCommandThatShowedNothingAnswersWithOnePlainReply() {
        Recorder lark = new Recorder();
        LiveReply live = LiveReply.replying(lark, "oc_ops", "om_cmd", "/help");
        live.finish(Reply.ok(com.larkops.i18n.Text.verbatim("commands: …")));
        assertThat(lark.calls).containsExactly(new Call("reply", "om_cmd", "commands: …"));
    }

    @Test
    void aFailureAfterTheCardShowedPatchesItWithTheError() {
        Recorder lark = new Recorder();
        LiveReply live = LiveReply.replying(lark, "oc_ops", "om_cmd", "/deploy echo 1.0.0");
        live.card(card(1));
        live.finish(Reply.error(com.larkops.i18n.Text.verbatim("/deploy failed: engine went away")));
        assertThat(lark.calls).extracting(Call::kind).containsExactly("reply", "patch");
        assertThat(lark.calls.get(1).content().toString()).contains("engine went away").contains("— failed");
    }
}
