package com.larkops.app;

import com.larkops.testing.BotHarness;
import com.larkops.testing.ChunkedUpload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every inbound body is bounded while it is read, chunked or not, and a token endpoint checks the token before
 * it reads: a few hundred MB streamed in chunks (no Content-Length) to the real bot's port is answered while
 * most of it is still unsent, and the client's stream is cut (the bot stopped reading).
 */
class InboundBodyIT {
    static final long HUGE = 300L * 1024 * 1024;
    static final String EVENTS_TOKEN = "events-" + UUID.randomUUID();
    static final String CONFIG = """
            registry: 127.0.0.1:5999
            chats: [oc_ops]
            services: {}
            """;
    static BotHarness bot;

    @BeforeAll
    static void start() {
        bot = new BotHarness(CONFIG).withEnv("LARKOPS_REGISTRY_EVENTS_TOKEN", EVENTS_TOKEN).start();
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @Test
    void aWrongTokenIsRefusedBeforeTheBodyIsRead() throws Exception {
        ChunkedUpload.Outcome o = ChunkedUpload.post(bot.port(), "/registry/events", "Bearer not-the-token-at-all", HUGE);
        assertThat(o.status()).as(o.answer()).isEqualTo(401);
        assertThat(o.sentWhenAnswered()).as("answered before the body was sent").isLessThan(HUGE);
        assertThat(o.stoppedReading()).as("the bot stopped reading: sent %,d of %,d", o.sentInAll(), HUGE).isTrue();
    }

    @Test
    void noTokenIsRefusedBeforeTheBodyIsRead() throws Exception {
        ChunkedUpload.Outcome o = ChunkedUpload.post(bot.port(), "/registry/events", null, HUGE);
        assertThat(o.status()).as(o.answer()).isEqualTo(401);
        assertThat(o.stoppedReading()).as("the bot stopped reading: sent %,d of %,d", o.sentInAll(), HUGE).isTrue();
    }

    @Test
    void theRightTokenWithAnEndlessChunkedBodyIsCutAtTheLimit() throws Exception {
        ChunkedUpload.Outcome o = ChunkedUpload.post(bot.port(), "/registry/events", "Bearer " + EVENTS_TOKEN, HUGE);
        assertThat(o.status()).as(o.answer()).isEqualTo(413);
        assertThat(o.sentWhenAnswered()).as("answered before the body was sent").isLessThan(HUGE);
        assertThat(o.stoppedReading()).as("the bot stopped reading: sent %,d of %,d", o.sentInAll(), HUGE).isTrue();
    }

    @Test
    void anEndlessChunkedLarkEventIsCutAtTheLimit() throws Exception {
        ChunkedUpload.Outcome o = ChunkedUpload.post(bot.port(), "/lark/events", null, HUGE);
        assertThat(o.status()).as(o.answer()).isEqualTo(413);
        assertThat(o.stoppedReading()).as("the bot stopped reading: sent %,d of %,d", o.sentInAll(), HUGE).isTrue();
    }

    @Test
    void anEndlessChunkedBodyToAnyOtherPathIsCutToo() throws Exception {
        ChunkedUpload.Outcome o = ChunkedUpload.post(bot.port(), "/healthz", null, HUGE);
        assertThat(o.status()).as(o.answer()).isIn(404, 405, 413);
        assertThat(o.stoppedReading()).as("the bot stopped reading: sent %,d of %,d", o.sentInAll(), HUGE).isTrue();
    }
}
