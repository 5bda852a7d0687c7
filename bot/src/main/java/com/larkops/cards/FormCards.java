package com.larkops.cards;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

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
    public record Option(String value, Text label) {
        /** An option shown as a value (a service name, a version tag with its marks), the same in every language. */
        public Option(String value, String shownAsIs) {
            this(value, Text.verbatim(shownAsIs));
        }
    }

    /** The submit button's value: the router's {@code form} action. */
    public static Map<String, Object> submitValue(String form, String chat) {
        return Map.of("action", Actions.FORM, "form", form, "chat", chat);
    }

    public static Map<String, Object> deploy(List<Option> services, List<Option> versions, String chat) {
        return form("deploy", chat, List.of(
                CardJson.markdown(Msg.of("command.form.deploy.intro")),
                select("service", Msg.of("command.form.field.service"), services),
                select("version", Msg.of("command.form.field.version"), versions),
                select("env", Msg.of("command.form.field.env"), List.of(new Option("staging", "staging"), new Option("prod", "prod")))));
    }

    /** Roll back or Digest ({@code form}): a service picker ({@code all} for Digest), and for Roll back the env. */
    public static Map<String, Object> servicePicker(String form, List<Option> services, boolean withEnv, String chat) {
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(select("service", Msg.of("command.form.field.service"), services));
        if (withEnv) {
            fields.add(select("env", Msg.of("command.form.field.env"), List.of(new Option("prod", "prod"), new Option("staging", "staging"))));
        }
        return form(form, chat, fields);
    }

    public static Map<String, Object> freeze(List<Option> scopes, String chat) {
        Map<String, Object> until = new LinkedHashMap<>();
        until.put("tag", "picker_datetime");
        until.put("name", "until");
        until.put("required", true);
        until.put("placeholder", CardText.plain(Msg.of("command.form.field.until"), 100));
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("tag", "input");
        reason.put("name", "reason");
        reason.put("required", true);
        reason.put("max_length", 200);
        reason.put("placeholder", CardText.plain(Msg.of("command.form.field.reason"), 100));
        return form("freeze", chat, List.of(
                CardJson.markdown(Msg.of("command.form.freeze.intro")),
                select("service", Msg.of("command.form.field.scope"), scopes),
                select("env", Msg.of("command.form.field.env"), List.of(new Option("all", Msg.of("command.form.env.both")),
                        new Option("staging", "staging"), new Option("prod", "prod"))),
                until, reason));
    }

    /** The form card of {@code form}: titled and submitted by its name in every language ({@code command.form.title.<form>}). */
    private static Map<String, Object> form(String form, String chat, List<Map<String, Object>> fields) {
        Text title = Msg.of("command.form.title." + form);
        Map<String, Object> button = CardJson.button(title, "primary", submitValue(form, chat));
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

    private static Map<String, Object> select(String name, Text placeholder, List<Option> options) {
        List<Map<String, Object>> opts = new ArrayList<>();
        for (Option o : options.subList(0, Math.min(options.size(), MAX_OPTIONS))) {
            opts.add(Map.of("text", CardText.plain(o.label(), 100), "value", CardJson.clip(o.value(), 100)));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("tag", "select_static");
        s.put("name", name);
        s.put("required", true);
        s.put("placeholder", CardText.plain(placeholder, 100));
        s.put("options", opts);
        return s;
    }
}
