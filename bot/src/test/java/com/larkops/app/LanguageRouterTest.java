package com.larkops.app;

import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandSpec;
import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.RateLimit;
import com.larkops.command.Reply;
import com.larkops.config.ConfigFile;
import com.larkops.config.Settings;
import com.larkops.i18n.Catalogue;
import com.larkops.i18n.Language;
import com.larkops.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code language:} in larkops.yaml: /help and the router's own refusals, rendered at the edge in that language (router.language()). */
class LanguageRouterTest {
    @TempDir
    Path dir;
    Database db;

    CommandRouter router(String languageLine) throws Exception {
        Path config = dir.resolve("larkops.yaml");
        Files.writeString(config, """
                registry: 127.0.0.1:5000
                chats: [oc_ops]
                roles:
                  deployers: [ou_dev]
                  approvers: [ou_lead]
                services:
                  echo:
                    repository: skills/echo
                    port: 8080
                    health: /healthz
                """ + languageLine);
        Settings settings = Settings.forShell(Map.of("LARKOPS_CONFIG", config.toString(), "LARKOPS_DATA_DIR", dir.resolve("data").toString(),
                "DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock")));
        db = Database.open(settings.dataDir(), settings.database());
        Services services = new Services(settings, ConfigFile.load(config), db, e -> { }, Messenger.UNREACHABLE,
                Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
        // a burst of 1 and a time that stands still: the second command of a user is over the limit
        return services.router((name, outcome, took) -> { }, Optional.empty(), new RateLimit(1, 1_000_000_000L, () -> 0L));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void inChineseHelpAndTheRoutersRefusalsAnswerInChinese() throws Exception {
        CommandRouter router = router("language: zh_cn\n");
        Reply help = router.route(Caller.lark("ou_a", "oc_ops"), "/帮助", Progress.NONE);
        assertThat(help.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(help.text(router.language())).startsWith("larkops 命令：\n").endsWith("生产环境的变更需要审批卡片；回滚立即执行。")
                .contains("/deploy <service>").contains("/history <service> [n]  — 发布记录，最新的在前 (/历史)\n")
                .contains("/skill <name> <text>  — 按名称询问技能");
        assertThat(router.route(Caller.lark("ou_b", "oc_ops"), "/deplo echo", Progress.NONE).text(router.language()))
                .isEqualTo("未知命令 /deplo；输入 /帮助 查看命令列表");
        assertThat(router.route(Caller.lark("ou_c", "oc_other"), "/help", Progress.NONE).text(router.language()))
                .isEqualTo("larkops 不响应此群聊；请管理员把它加入 larkops.yaml 的 'chats'");
        assertThat(router.route(Caller.lark("ou_d", "oc_ops"), "/rollback echo staging", Progress.NONE).text(router.language()))
                .isEqualTo("/rollback 需要 deployer 角色；你不在 larkops.yaml 的 roles.deployers 中");
        router.route(Caller.lark("ou_e", "oc_ops"), "/help", Progress.NONE);
        assertThat(router.route(Caller.lark("ou_e", "oc_ops"), "/help", Progress.NONE).text(router.language()))
                .isEqualTo("短时间内命令过多，未执行任何操作 — 请 1 秒后再试");
    }

    @Test
    void aChineseAliasGetsTheSameUsageErrorsInChinese() throws Exception {
        // a burst of 1 per user: each command below is typed by another user (the shell is never limited)
        CommandRouter router = router("language: zh_cn\n");
        Reply alias = router.route(Caller.lark("ou_dev", "oc_ops"), "/部署 echo 1.0.0 produktion", Progress.NONE);
        Reply english = router.route(Caller.lark("ou_lead", "oc_ops"), "/deploy echo 1.0.0 produktion", Progress.NONE);
        assertThat(alias.outcome()).isEqualTo(Reply.Outcome.USAGE);
        assertThat(alias.text(router.language())).startsWith("'produktion' 不是环境；应为 staging 或 prod\n用法：/deploy <service> ")
                .isEqualTo(english.text(router.language()));
        assertThat(alias.text()).as("English in the audit log and the logs")
                .startsWith("'produktion' is not an environment; expected staging or prod\nusage: /deploy <service> ");
        assertThat(router.route(Caller.shell("root"), "/部署 echo 1.0.0 at 2026-13-01 10:00", Progress.NONE).text(router.language()))
                .startsWith("at：'2026-13-01' 不是日历上存在的日期\n用法：/deploy ");
        assertThat(router.route(Caller.lark("ou_dev", "oc_ops"), "/部署 \"echo 1.0.0", Progress.NONE).text(router.language()))
                .isEqualTo("命令中的引号未闭合；请用 \" 闭合");
    }

    @Test
    void theCataloguesEnglishHelpLinesAreTheCommandsOwnSummaries() throws Exception {
        CommandRouter router = router("");
        int translated = 0;
        for (CommandSpec spec : router.commands()) {
            String key = "help.cmd." + spec.name();
            if (Catalogue.has(key)) {
                translated++;
                assertThat(spec.summary()).as(key).startsWith(Catalogue.pattern(Language.EN_US, key));
            }
        }
        assertThat(translated).as("the built-in commands of this slice have their /help line in the catalogue").isGreaterThanOrEqualTo(20);
    }

    @Test
    void inEnglishByDefault() throws Exception {
        CommandRouter router = router("");
        assertThat(router.route(Caller.lark("ou_a", "oc_ops"), "/帮助", Progress.NONE).text()).startsWith("larkops commands:\n")
                .endsWith("Prod changes need an approval card; rollbacks are immediate.");
        assertThat(router.route(Caller.lark("ou_b", "oc_ops"), "/deplo echo", Progress.NONE).text())
                .isEqualTo("unknown command /deplo; type /help for the list");
    }
}
