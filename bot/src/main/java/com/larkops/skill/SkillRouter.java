package com.larkops.skill;

import com.larkops.i18n.Msg;
import com.larkops.command.Caller;
import com.larkops.command.Command;
import com.larkops.command.CommandRouter;
import com.larkops.command.CommandSpec;
import com.larkops.command.Reply;
import com.larkops.command.Request;
import com.larkops.command.Role;
import com.larkops.command.UsageException;
import com.larkops.config.ConfigException;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.model.Text;
import com.larkops.runtime.RuntimeReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends chat words to skills: {@code /echo hello} (a word from a skill's {@code commands}) or
 * {@code /skill echo hello}. The skill is found in the engine at each call (live container, or its
 * canary for the canary's share of users), called over the larkops network by IP, through its
 * bulkhead and breaker; anything wrong becomes "skill echo is unavailable (…)", never a stuck bot.
 */
public final class SkillRouter {
    private static final Logger log = LoggerFactory.getLogger(SkillRouter.class);

    private final LarkopsConfig config;
    private final RuntimeReads runtime;
    private final SkillClient client;
    private final SkillBulkheads bulkheads;
    private final SkillBreaker breaker;
    private final SkillStats stats;
    private final FlagCommands flags;
    private final Map<String, ServiceConfig> byWord = new LinkedHashMap<>();

    public SkillRouter(LarkopsConfig config, RuntimeReads runtime, SkillClient client, SkillBulkheads bulkheads,
                       SkillBreaker breaker, SkillStats stats, FlagCommands flags) {
        this.config = config;
        this.runtime = runtime;
        this.client = client;
        this.bulkheads = bulkheads;
        this.breaker = breaker;
        this.stats = stats;
        this.flags = flags;
        skills().forEach(s -> s.commands().forEach(w -> byWord.put(w, s)));
    }

    public List<ServiceConfig> skills() {
        return config.services().values().stream().filter(ServiceConfig::skill).toList();
    }

    public SkillStats stats() {
        return stats;
    }

    /** Registers {@code /skill} and the fallback for skill words; a word that shadows a larkops command is a config error. */
    public void install(CommandRouter router) {
        for (String word : byWord.keySet()) {
            if (router.spec(word).isPresent() || word.equals("skill")) {
                throw new ConfigException("services." + byWord.get(word).name() + ".commands: /" + word
                        + " is a larkops command; pick another word");
            }
        }
        router.register(CommandSpec.of("skill", "/skill <name> <text>", "ask a skill by name (or use its own /word)",
                Role.READER, this::bySkillName));
        router.fallback(this::specFor);
    }

    private Optional<CommandSpec> specFor(Command command) {
        ServiceConfig skill = byWord.get(command.name());
        if (skill == null) {
            return Optional.empty();
        }
        return Optional.of(CommandSpec.of(command.name(), "/" + command.name() + " <text>", "skill " + skill.name(),
                Role.valueOf(skill.skillRole().toUpperCase()),
                r -> invoke(skill, command.name(), afterWords(command.text(), 1), r.caller())));
    }

    private Reply bySkillName(Request r) {
        String name = r.command().arg(0);
        if (name == null) {
            throw new UsageException(Msg.of("pipeline.skill.name_it", String.join(", ", skills().stream().map(ServiceConfig::name).toList())));
        }
        ServiceConfig skill = skills().stream().filter(s -> s.name().equals(name)).findFirst()
                .or(() -> Optional.ofNullable(byWord.get(name)))
                .orElseThrow(() -> new UsageException(Msg.of("pipeline.skill.no_such", Text.clip(name))));
        Role needed = Role.valueOf(skill.skillRole().toUpperCase());
        if (needed != Role.READER) {
            // /skill itself is open to readers; the skill's own role still applies
            throw new UsageException(Msg.of("pipeline.skill.needs_role", skill.name(), skill.skillRole(),
                    skill.commands().stream().findFirst().orElse(skill.name())));
        }
        String word = skill.commands().contains(name) ? name : skill.commands().stream().findFirst().orElse(skill.name());
        return invoke(skill, word, afterWords(r.command().text(), 2), r.caller());
    }

    /** Calls the skill for this caller; never throws for a skill's fault. */
    public Reply invoke(ServiceConfig skill, String word, String text, Caller caller) {
        SkillRoute route = SkillRoute.of(skill.serviceName(), runtime.listManaged());
        Optional<Endpoint> chosen = route.choose(caller.user());
        if (chosen.isEmpty()) {
            return Reply.error(SkillText.unavailable(skill.name(), Msg.of("pipeline.skill.why.not_running", skill.name())));
        }
        Endpoint ep = chosen.get();
        stats.request(skill.serviceName(), ep.digest());
        try {
            if (breaker.openUntil(ep.digest()).isPresent()) {
                throw SkillText.because("breaker_open", SkillBreaker.OPEN_FOR.toSeconds());
            }
            String ip = runtime.ipOn(ep.container(), config.network())
                    .orElseThrow(() -> SkillText.because("no_network", config.network()));
            SkillClient.Invocation inv = new SkillClient.Invocation(word, text, caller.user(), caller.chat(),
                    caller.messageId(), flags.evaluate(caller.user()));
            SkillClient.Answer answer = bulkheads.call(skill.name(),
                    () -> client.invoke(ip, skill.port(), inv, skill.skillTimeout()), skill.skillTimeout());
            breaker.succeeded(ep.digest());
            // a skill's words are its own, never Lark markup or mentions in our name
            com.larkops.i18n.Text shown = answer.text().isEmpty() && answer.card().isPresent() ? Msg.of("pipeline.skill.card_only")
                    : com.larkops.i18n.Text.verbatim(com.larkops.model.Text.escape(answer.text()));
            // nor is its card forwarded: larkops rebuilds it from what a skill may show, marked as the skill's
            return answer.card().map(card -> Reply.card(shown, com.larkops.cards.SkillCard.rebuild(skill.name(), card)))
                    .orElse(Reply.ok(shown));
        } catch (SkillUnavailable e) {
            stats.error(skill.serviceName(), ep.digest());
            if (!e.isBreakerOpen() && !e.isBusy()) {
                breaker.failed(ep.digest());
            }
            log.warn("skill {} ({}) unavailable: {}", skill.name(), ep.container(), e.reason());
            return Reply.error(SkillText.unavailable(skill.name(), e.text()));
        }
    }

    /** The text as typed after the first {@code n} words (quotes and spacing kept for the skill). */
    static String afterWords(String body, int n) {
        String rest = body.strip();
        for (int i = 0; i < n && !rest.isEmpty(); i++) {
            int space = indexOfSpace(rest);
            rest = space < 0 ? "" : rest.substring(space).strip();
        }
        return rest;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
