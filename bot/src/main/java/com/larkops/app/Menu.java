package com.larkops.app;

import com.larkops.cards.FormCards;
import com.larkops.command.Caller;
import com.larkops.command.CommandRouter;
import com.larkops.command.FormSubmission;
import com.larkops.command.Messenger;
import com.larkops.command.Progress;
import com.larkops.command.Reply;
import com.larkops.command.Role;
import com.larkops.config.LarkopsConfig;
import com.larkops.i18n.Msg;
import com.larkops.config.ServiceConfig;
import com.larkops.lark.MenuReceiver;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.TagScheme;
import com.larkops.registry.RegistryClient;
import com.larkops.release.ReleaseHistory;
import com.larkops.signature.SignatureGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bot menu's keys: {@code deploy} and {@code freeze} open form cards, {@code rollback} a service picker,
 * {@code digest} answers at once ({@code /digest all}, routed like the typed command). Everything goes to the user
 * who clicked, as a p2p message. A form's command acts for the first of {@code chats} (where its live card is
 * posted; with no {@code chats}, the user's own chat with the bot). A user without the role the command needs
 * gets the router's refusal instead of a form: the form's submission would be refused the same way.
 */
final class Menu implements MenuReceiver.Menu {
    /** Versions offered per service: the newest version tags. */
    static final int VERSIONS = 10;
    private static final Logger log = LoggerFactory.getLogger(Menu.class);

    private final LarkopsConfig config;
    private final CommandRouter router;
    private final Messenger messenger;
    private final RegistryClient registry;
    private final ReleaseHistory history;

    Menu(LarkopsConfig config, CommandRouter router, Messenger messenger, RegistryClient registry, ReleaseHistory history) {
        this.config = config;
        this.router = router;
        this.messenger = messenger;
        this.registry = registry;
        this.history = history;
    }

    @Override
    public void open(String key, String user) {
        String chat = config.chats().isEmpty() ? "" : config.chats().get(0);
        Caller caller = Caller.lark(user, chat);
        Optional<Reply> answer = switch (key) {
            case FormSubmission.DEPLOY -> allowed(caller, Role.DEPLOYER, "deploy").or(() -> card(FormSubmission.DEPLOY,
                    FormCards.deploy(services(false), versions(), chat)));
            case FormSubmission.ROLLBACK -> allowed(caller, Role.DEPLOYER, "rollback").or(() -> card(FormSubmission.ROLLBACK,
                    FormCards.servicePicker(FormSubmission.ROLLBACK, services(false), true, chat)));
            case FormSubmission.FREEZE -> allowed(caller, Role.APPROVER, "freeze").or(() -> card(FormSubmission.FREEZE,
                    FormCards.freeze(services(true), chat)));
            case FormSubmission.DIGEST -> Optional.of(router.route(caller, "/digest all", Progress.NONE));
            default -> Optional.of(Reply.usage(Msg.of("command.menu.unknown", com.larkops.model.Text.clip(key))));
        };
        answer.ifPresent(r -> messenger.sendToUser(user, r));
    }

    /** Empty when the user may run the command the form builds; else the router's own refusal. */
    private Optional<Reply> allowed(Caller caller, Role role, String command) {
        return router.policy().refusal(caller, role, command).map(Reply::refused);
    }

    /** The form card of {@code form}, its text (a chat that cannot show cards) the form's title. */
    private static Optional<Reply> card(String form, Map<String, Object> card) {
        return Optional.of(Reply.card(Msg.of("command.form.title." + form), card));
    }

    private List<FormCards.Option> services(boolean withAll) {
        List<FormCards.Option> out = new ArrayList<>();
        if (withAll) {
            out.add(new FormCards.Option("all", Msg.of("command.form.all_services")));
        }
        config.services().keySet().stream().sorted().forEach(s -> out.add(new FormCards.Option(s, s)));
        return out;
    }

    /** Each service's newest version tags, newest first, ✓ when its signature verifies, ★ when known-good. */
    private List<FormCards.Option> versions() {
        boolean several = config.services().size() > 1;
        List<FormCards.Option> out = new ArrayList<>();
        for (ServiceConfig s : config.services().values().stream().sorted(Comparator.comparing(ServiceConfig::name)).toList()) {
            try {
                Set<Digest> good = knownGood(s);
                SignatureGate signatures = SignatureGate.over(registry);
                List<String> tags = registry.listTags(s.repository()).stream().filter(TagScheme::isVersionTag)
                        .sorted(Comparator.comparing((String t) -> TagScheme.versionOf(t).orElseThrow()).reversed())
                        .limit(VERSIONS).toList();
                for (String tag : tags) {
                    Digest d = registry.resolve(s.repository(), tag);
                    boolean signed = !s.verify().keys().isEmpty() && signatures.verify(s.verify(), s.repository(), d).isSigned();
                    String label = (several ? s.name() + " " : "") + tag + (signed ? " ✓" : "") + (good.contains(d) ? " ★" : "");
                    out.add(new FormCards.Option(several ? s.name() + ":" + tag : tag, label));
                }
            } catch (RuntimeException e) {
                log.warn("versions of {} for the deploy form: {}", s.name(), e.getMessage());
            }
        }
        return out;
    }

    private Set<Digest> knownGood(ServiceConfig s) {
        Set<Digest> good = new HashSet<>();
        for (Env env : Env.values()) {
            history.history(s.serviceName(), env, 50).stream().filter(Release::isKnownGood).forEach(r -> good.add(r.digest()));
        }
        return good;
    }
}
