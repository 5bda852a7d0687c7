package com.larkops.store;

import com.larkops.command.RefusedException;
import com.larkops.i18n.Language;
import com.larkops.model.Env;
import com.larkops.model.LockKey;
import com.larkops.release.PlanLocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A change refused because another holds its lock: who and since when, in each language; the English line as before. */
class LockRefusalTextTest {
    @Test
    void theRefusalNamesTheHolderInEachLanguage(@TempDir Path dir) {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:05:00Z"), ZoneOffset.UTC);
        try (Database db = Database.open(dir); DbLocks bot = new DbLocks(db, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"),
                ZoneOffset.UTC)); DbLocks shell = new DbLocks(db, clock)) {
            LockKey key = LockKey.of("echo", Env.parse("staging"));
            assertThat(bot.tryAcquire(key.value(), "ou_dev2")).isEmpty();

            RefusedException refused = catchThrowableOfType(() -> new PlanLocks(shell, clock).hold(key, "os:root"),
                    RefusedException.class);

            String mention = com.larkops.model.Text.mention("ou_dev2");
            assertThat(refused.getMessage()).isEqualTo("echo staging is being changed by " + mention
                    + " since 2026-12-07T10:00:00Z (5m ago); try again when it finishes");
            assertThat(refused.text().in(Language.ZH_CN)).isEqualTo("echo staging 正在由 " + mention
                    + " 变更，自 2026-12-07T10:00:00Z 起（5m 前）；请在其完成后重试");
            assertThat(refused.text().in(Language.JA_JP)).startsWith("echo staging は " + mention + " が変更中です");
        }
    }
}
