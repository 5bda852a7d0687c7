package com.larkops.config;

import java.util.Locale;

/**
 * How Lark events reach the bot ({@code LARK_EVENT_MODE}): {@code webhook} — Lark POSTs to
 * {@code /lark/events}, which needs a public HTTPS URL; {@code websocket} — the bot dials out to Lark
 * over the SDK's long connection, so no inbound port has to be reachable from the internet.
 */
public enum EventMode {
    WEBHOOK, WEBSOCKET;

    static EventMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "", "webhook" -> WEBHOOK;
            case "websocket", "ws", "long-connection" -> WEBSOCKET;
            default -> throw new ConfigException("LARK_EVENT_MODE is '" + text + "': expected webhook or websocket");
        };
    }
}
