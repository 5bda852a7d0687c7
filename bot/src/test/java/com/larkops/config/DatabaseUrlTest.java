package com.larkops.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {
    @Test
    void unsetOrBlankMeansSqlite() {
        assertThat(DatabaseUrl.parse(null)).isEmpty();
        assertThat(DatabaseUrl.parse("  ")).isEmpty();
    }

    @Test
    void splitsTheLibpqUriIntoJdbcUrlAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://lark%40ops:p%3Ass%2Fw+rd@db.internal:6543/larkops?sslmode=require").orElseThrow();
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/larkops?sslmode=require");
        assertThat(url.user()).isEqualTo("lark@ops");
        assertThat(url.password().reveal()).isEqualTo("p:ss/w+rd");
        assertThat(url.toString()).isEqualTo("postgresql://lark@ops@db.internal:6543/larkops").doesNotContain("rd");
        assertThat(DatabaseUrl.parse("postgres://u@h/d").orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
    }

    @Test
    void refusesWhatItCannotUseWithoutEchoingThePassword() {
        for (String bad : new String[] {"mysql://u:secret1@h/d", "postgresql://u:secret1@/d", "postgresql://u:secret1@h/",
                "postgresql://:secret1@h/d", "postgresql://u:secret1@h/d?socketFactory=x", "not a url secret1"}) {
            assertThatThrownBy(() -> DatabaseUrl.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("LARKOPS_DATABASE_URL").hasMessageNotContaining("secret1");
        }
    }
}
