package com.larkops.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chinese names for the chat commands: {@code /部署 echo 1.4.2} is {@code /deploy echo 1.4.2}, parsed by the same
 * grammar with the same errors. One table, read by the parser and by /help; the README lists the same pairs.
 */
public final class Aliases {
    private static final Map<String, String> TO_NAME = table();

    private Aliases() {
    }

    private static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("帮助", "help");
        m.put("摘要", "digest");
        m.put("部署", "deploy");
        m.put("发布", "deploy");
        m.put("晋升", "promote");
        m.put("回滚", "rollback");
        m.put("历史", "history");
        m.put("状态", "status");
        m.put("日志", "logs");
        m.put("镜像", "images");
        m.put("清理", "prune");
        m.put("暂停", "hold");
        m.put("恢复", "release");
        m.put("冻结", "freeze");
        m.put("解冻", "unfreeze");
        m.put("锁", "locks");
        m.put("灰度", "canary");
        m.put("计划", "schedules");
        m.put("事件", "incident");
        return Collections.unmodifiableMap(m);
    }

    /** The English command name an alias stands for; empty for any other word. */
    public static Optional<String> name(String alias) {
        return Optional.ofNullable(TO_NAME.get(alias));
    }

    /** The aliases of one command as /help shows them, e.g. "/部署 /发布" for deploy; empty when it has none. */
    public static String of(String name) {
        return TO_NAME.entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .map(e -> "/" + e.getKey())
                .collect(Collectors.joining(" "));
    }
}
