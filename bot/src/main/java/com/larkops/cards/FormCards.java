package com.larkops.cards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot menu's form cards (card JSON 2.0 {@code form} containers): Deploy (service, version, env), Roll back
 * and Digest (a service picker), Freeze (scope, env, end as a date-time, reason). Submitting sends the submit
 * button's value ({@code action: form}, which form, the chat the command acts for) and the fields in
 * {@code form_value}; larkops turns them into the typed command and routes it like one. Pure: options in, map out.
 */
public final class FormCards {
    /** Lark's select_static holds at most this many options. */
    static final int MAX_OPTIONS = 100;

    private FormCards() {
    }

    /** One option of a picker: what is sent back, and what the user sees. */
    public record Option(String value, String label) {
    }

    /** The submit button's value: the router's {@code form} action. */
    public static Map<String, Object> submitValue(String form, String chat) {
        return Map.of("action", Actions.FORM, "form", form, "chat", chat);
    }

    public static Map<String, Object> deploy(List<Option> services, List<Option> versions, String chat) {
        return form("Deploy", "deploy", chat, "Deploy", List.of(
                CardJson.markdown("Pick a service, a version (newest first; ✓ signed, ★ known-good) and an env. "
                        + "Prod asks for an approval, as `/deploy` does."),
                select("service", "Service", services),
                select("version", "Version", versions),
                select("env", "Env", List.of(new Option("staging", "staging"), new Option("prod", "prod")))));
    }

    /** Roll back or Digest: a service picker ({@code all} for Digest), and for Roll back the env. */
    public static Map<String, Object> servicePicker(String form, String title, List<Option> services, boolean withEnv, String chat) {
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(select("service", "Service", services));
        if (withEnv) {
            fields.add(select("env", "Env", List.of(new Option("prod", "prod"), new Option("staging", "staging"))));
        }
        return form(title, form, chat, title, fields);
    }

    public static Map<String, Object> freeze(List<Option> scopes, String chat) {
        Map<String, Object> until = new LinkedHashMap<>();
        until.put("tag", "picker_datetime");
        until.put("name", "until");
        until.put("required", true);
        until.put("placeholder", CardJson.plain("Frozen until"));
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("tag", "input");
        reason.put("name", "reason");
        reason.put("required", true);
        reason.put("max_length", 200);
        reason.put("placeholder", CardJson.plain("Reason (shown to everyone who is refused)"));
        return form("Freeze", "freeze", chat, "Freeze", List.of(
                CardJson.markdown("No deploys to the scope until the end you pick (rollbacks stay allowed). Approvers only."),
                select("service", "Service or all", scopes),
                select("env", "Env", List.of(new Option("all", "staging and prod"), new Option("staging", "staging"),
                        new Option("prod", "prod"))),
                until, reason));
    }

    private static Map<String, Object> form(String title, String form, String chat, String submit, List<Map<String, Object>> fields) {
        Map<String, Object> button = CardJson.button(submit, "primary", submitValue(form, chat));
        button.put("name", "submit");
        button.put("form_action_type", "submit");
        List<Map<String, Object>> elements = new ArrayList<>(fields);
        elements.add(button);
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("tag", "form");
        container.put("name", form + "_form");
        container.put("elements", elements);
        return CardJson.card(title, CardJson.Colour.BLUE, title, List.of(container));
    }

    private static Map<String, Object> select(String name, String placeholder, List<Option> options) {
        List<Map<String, Object>> opts = new ArrayList<>();
        for (Option o : options.subList(0, Math.min(options.size(), MAX_OPTIONS))) {
            opts.add(Map.of("text", CardJson.plain(CardJson.clip(o.label(), 100)), "value", CardJson.clip(o.value(), 100)));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("tag", "select_static");
        s.put("name", name);
        s.put("required", true);
        s.put("placeholder", CardJson.plain(placeholder));
        s.put("options", opts);
        return s;
    }
}
