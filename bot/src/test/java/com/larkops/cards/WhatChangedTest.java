package com.larkops.cards;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** "What changed": both sides' labels, a compare link only from a validated forge URL, sizes, staging. */
class WhatChangedTest {
    static final String OLD = "1111111111111111111111111111111111111111";
    static final String NEW = "2222222222222222222222222222222222222222";
    static final String D1 = "sha256:" + "a".repeat(64);
    static final String D2 = "sha256:" + "b".repeat(64);

    static WhatChanged.Side side(String digest, String source, String revision, String version, long bytes) {
        return new WhatChanged.Side(digest, Map.of(WhatChanged.SOURCE, source, WhatChanged.REVISION, revision, WhatChanged.VERSION, version,
                WhatChanged.CREATED, "2026-12-01T10:00:00Z", "com.example.other", "ignored"), bytes);
    }

    static WhatChanged change(String oldSource, String newSource) {
        return new WhatChanged(Optional.of(side(D1, oldSource, OLD, "1.0.0", 10 * 1048576L)), side(D2, newSource, NEW, "1.1.0",
                12 * 1048576L + 512 * 1024), Optional.of(Duration.ofMinutes(61)), OptionalInt.of(2));
    }

    @Test
    void showsBothSidesTheSizeDifferenceAndStaging() {
        String md = change("https://github.com/acme/echo", "https://github.com/acme/echo").markdown();
        assertThat(md).contains("| revision | " + OLD + " | " + NEW + " |").contains("| version | 1.0.0 | 1.1.0 |")
                .contains("| size | 10.0 MiB | 12.5 MiB (+2.5 MiB) |").contains("healthy for 1h 1m, 2 restarts")
                .contains("(https://github.com/acme/echo/compare/" + OLD + "..." + NEW + ")").doesNotContain("ignored");
    }

    @Test
    void compareLinksForEachKnownForge() {
        assertThat(change("https://github.com/acme/echo.git", "https://github.com/acme/echo").compareLink())
                .hasValue("https://github.com/acme/echo/compare/" + OLD + "..." + NEW);
        assertThat(change("https://gitee.com/acme/echo", "https://gitee.com/acme/echo/").compareLink())
                .hasValue("https://gitee.com/acme/echo/compare/" + OLD + "..." + NEW);
        assertThat(change("https://gitlab.com/acme/tools/echo", "https://gitlab.com/acme/tools/echo").compareLink())
                .hasValue("https://gitlab.com/acme/tools/echo/-/compare/" + OLD + "..." + NEW);
    }

    @Test
    void noLinkForUnknownOrUnsafeSources() {
        for (String bad : new String[]{"http://github.com/acme/echo", "https://github.com.evil.example/acme/echo",
                "https://evil.example/acme/echo", "javascript:alert(1)", "https://github.com/acme/echo/tree/main",
                "https://github.com/acme/../echo", "https://github.com/acme/echo)[x](https://evil", "https://user@github.com/acme/echo"}) {
            assertThat(change(bad, bad).compareLink()).as(bad).isEmpty();
        }
        assertThat(change("https://github.com/acme/one", "https://github.com/acme/two").compareLink()).as("different repositories").isEmpty();
        WhatChanged notHex = new WhatChanged(Optional.of(side(D1, "https://github.com/a/b", "main", "1", 1)),
                side(D2, "https://github.com/a/b", "x)](https://evil", "2", 1), Optional.empty(), OptionalInt.empty());
        assertThat(notHex.compareLink()).isEmpty();
        assertThat(notHex.markdown()).doesNotContain("](").contains("restarts unknown");
    }

    @Test
    void labelsAreEscapedAndBounded() {
        String evil = "<at id=all></at> [x](https://evil.example) | **b** " + "y".repeat(500);
        WhatChanged c = new WhatChanged(Optional.empty(), new WhatChanged.Side(D2, Map.of(WhatChanged.VERSION, evil), 0),
                Optional.empty(), OptionalInt.empty());
        String md = c.markdown();
        assertThat(md).doesNotContain("<at").doesNotContain("[x](").doesNotContain("**b**").doesNotContain("y".repeat(WhatChanged.MAX_LABEL + 1));
        assertThat(md).contains("| version | — |").contains("| size | — | 0.0 MiB |");
    }
}
