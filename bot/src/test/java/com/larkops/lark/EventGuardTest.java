package com.larkops.lark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.larkops.store.Database;
import com.larkops.store.ProcessedEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 1.0 envelope Lark's Approval app sends its task events in: token, age and uuid checked like 2.0 events. */
class EventGuardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");
    @TempDir
    Path dir;
    Database db;
    EventGuard guard;

    @BeforeEach
    void setUp() {
        db = Database.open(dir);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        guard = new EventGuard("tok", new ProcessedEvents(db, clock), clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static JsonNode task(String type, String token, String uuid, String ts) throws Exception {
        return JSON.readTree("""
                {"ts":"%s","uuid":"%s","token":"%s","type":"event_callback",
                 "event":{"app_id":"cli_x","tenant_key":"t","type":"%s","approval_code":"A-1","instance_code":"I-1",
                          "task_id":"12","open_id":"ou_lead","user_id":"lead","status":"APPROVED","operate_time":"1765080000000"}}"""
                .formatted(ts, uuid, token, type));
    }

    static String ts(Instant at) {
        return at.getEpochSecond() + ".7171419";
    }

    @Test
    void anApprovalTaskIsAdmittedOnceByItsUuid() throws Exception {
        JsonNode e = task("approval_task", "tok", "bc447199585340d1f3728d26b1c0297a", ts(NOW.minusSeconds(20)));
        assertThat(EventGuard.isApprovalTask(e)).isTrue();
        assertThat(guard.admit(e)).isEqualTo("v1:bc447199585340d1f3728d26b1c0297a");
        assertThatThrownBy(() -> guard.admit(e)).isInstanceOf(DuplicateEvent.class);
    }

    @Test
    void itsTokenAndAgeAreCheckedAndNoOther10EventGetsIn() throws Exception {
        assertThatThrownBy(() -> guard.admit(task("approval_task", "forged", "u1", ts(NOW))))
                .isInstanceOf(EventRejected.class).hasMessageContaining("verification token");
        assertThatThrownBy(() -> guard.admit(task("approval_task", "tok", "u2", ts(NOW.minusSeconds(9 * 3600)))))
                .isInstanceOf(EventRejected.class).hasMessageContaining("older than 8 h");
        assertThatThrownBy(() -> guard.admit(task("approval_task", "tok", "u3", "soon")))
                .isInstanceOf(EventRejected.class).hasMessageContaining("ts");
        assertThatThrownBy(() -> guard.admit(task("message", "tok", "u4", ts(NOW))))
                .isInstanceOf(EventRejected.class).hasMessageContaining("only schema 2.0 events");
    }
}
