package com.larkops.incident;

import com.larkops.cards.IncidentCard;
import com.larkops.cards.Md;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.config.LarkopsConfig;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.StoredText;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;
import com.larkops.release.ReleaseHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The incident loop: trouble in prod (health lost, a failed deploy undone) opens ONE incident per service — one card
 * in the service's chat, its urgent people buzzed once — and everything later about that service (a rollback, a
 * recovery, news) is a reply in the card's thread until it closes: by hand ({@code /incident close}) or by a recovery
 * that stays healthy for {@code incidents.recovery}. Closing replies with the timeline and turns the card grey.
 */
public final class Incidents {
    private static final Logger log = LoggerFactory.getLogger(Incidents.class);
    /** Who closes an incident whose service stayed healthy long enough. */
    public static final String RECOVERED = "larkops (recovered)";

    /** Buzzes people (open ids or {@code group:<id>}) about a message: Lark's urgent message. */
    @FunctionalInterface
    public interface Buzzer {
        void buzz(String messageId, List<String> people);
    }

    /** What serves now, as the caller saw it (a container's labels, or the live release). */
    public record Serving(String version, String digest) {
        public static final Serving NOTHING = new Serving("", "");
    }

    private final LarkopsConfig config;
    private final IncidentLog incidents;
    private final ReleaseHistory history;
    private final Messenger messenger;
    private final Buzzer buzzer;
    private final Clock clock;

    public Incidents(LarkopsConfig config, IncidentLog incidents, ReleaseHistory history, Messenger messenger, Buzzer buzzer,
                     Clock clock) {
        this.config = config;
        this.incidents = incidents;
        this.history = history;
        this.messenger = messenger;
        this.buzzer = buzzer;
        this.clock = clock;
    }

    /** The message whose thread holds the service's open prod incident, if one is open and posted. */
    public Optional<String> threadOf(ServiceName service) {
        return incidents.openFor(service, Env.PROD).map(Incident::messageId).filter(m -> !m.isBlank());
    }

    /**
     * Trouble in prod: opens the service's incident (card, buzz) or, when one is open and was recovering, notes that
     * the trouble is back. Trouble repeated while an incident is open says nothing more (no message every interval).
     */
    public synchronized void trouble(ServiceName service, Text what, Serving serving) {
        Instant now = clock.instant();
        Optional<Incident> open = incidents.openFor(service, Env.PROD);
        if (open.isPresent()) {
            if (open.get().healthySince().isPresent()) {
                incidents.healthySince(open.get().id(), Optional.empty());
                note(open.get(), Msg.of("approval.incident.again", what));
            }
            return;
        }
        Optional<String> chat = config.follow().chatFor(service, config.chats());
        if (chat.isEmpty()) {
            log.warn("{} prod: {} — no chat to open an incident in", service, english(what));
            return;
        }
        Optional<Incident> opened = incidents.open(service, Env.PROD, StoredText.encode(what), chat.get(), now);
        if (opened.isEmpty()) {
            return; // another thread or replica opened it a moment ago
        }
        Incident incident = opened.get();
        incidents.event(incident.id(), now, StoredText.encode(Msg.of("approval.incident.event.opened", what)));
        Optional<String> message = messenger.send(chat.get(), Reply.card(Msg.of("approval.incident.opened", incident.id(), service.value(), what),
                IncidentCard.render(view(incident, serving), now)));
        log.warn("incident #{} opened: {} prod: {}", incident.id(), service, english(what));
        message.ifPresent(m -> {
            incidents.posted(incident.id(), m);
            if (!config.incidents().urgent().isEmpty()) {
                buzzer.buzz(m, config.incidents().urgent());
                incidents.event(incident.id(), clock.instant(), StoredText.encode(Msg.of("approval.incident.event.buzzed",
                        config.incidents().urgent().size())));
            }
        });
    }

    /** A prod change of larkops' own ended: a failure opens an incident; anything else is news in an open one's thread. */
    public void changed(ServiceName service, Env env, Release.Kind kind, String version, Digest digest, String actor, boolean live,
                        String text) {
        changed(service, env, kind, version, digest, actor, live, Text.verbatim(text));
    }

    /** The same, with the change's outcome in every language (its first line is quoted). */
    public void changed(ServiceName service, Env env, Release.Kind kind, String version, Digest digest, String actor, boolean live,
                        Text text) {
        if (env != Env.PROD) {
            return;
        }
        Msg what = Msg.of("approval.incident.change", Msg.of("approval.incident.kind." + kind.label()), version, digest.shortForm(),
                com.larkops.model.Text.mention(actor));
        if (!live) {
            Text first = text.map(t -> t.lines().findFirst().orElse(""));
            Optional<Incident> open = incidents.openFor(service, Env.PROD);
            if (open.isPresent()) {
                note(open.get(), Msg.of("approval.incident.change.failed", what, first));
                return;
            }
            trouble(service, Msg.of("approval.incident.change.undone", what, first), history.live(service, Env.PROD)
                    .map(r -> new Serving(r.version(), r.digest().value())).orElse(Serving.NOTHING));
            return;
        }
        incidents.openFor(service, Env.PROD).ifPresent(i -> note(i, Msg.of("approval.incident.change.live", what)));
    }

    /** The service answers healthy: an open incident starts (or goes on) recovering, and closes once that held long enough. */
    public synchronized void healthy(ServiceName service) {
        Optional<Incident> open = incidents.openFor(service, Env.PROD);
        if (open.isEmpty()) {
            return;
        }
        Incident i = open.get();
        Instant now = clock.instant();
        Duration hold = config.incidents().recovery();
        if (i.healthySince().isEmpty()) {
            incidents.healthySince(i.id(), Optional.of(now));
            note(i, Msg.of("approval.incident.healthy_again", com.larkops.model.DurationText.format(hold)));
            return;
        }
        if (!now.isBefore(i.healthySince().get().plus(hold))) {
            close(i, RECOVERED);
        }
    }

    /** A line in the incident's timeline and thread. */
    public void note(Incident incident, Text text) {
        incidents.event(incident.id(), clock.instant(), StoredText.encode(text));
        if (!incident.messageId().isBlank()) {
            messenger.replyInThread(incident.messageId(), Reply.ok(Msg.of("approval.incident.note", incident.id(), incident.service().value(), text)));
        }
    }

    /** News about a service for its open incident's thread; false when none is open. */
    public boolean tell(ServiceName service, Text text) {
        Optional<Incident> open = incidents.openFor(service, Env.PROD);
        open.ifPresent(i -> note(i, text));
        return open.isPresent();
    }

    /** {@code /incident close [service]}: the open incident of the service, or the only one open. */
    public Reply close(Optional<ServiceName> service, String by) {
        List<Incident> open = incidents.allOpen().stream().filter(i -> service.map(i.service()::equals).orElse(true)).toList();
        if (open.isEmpty()) {
            return Reply.refused(service.<Text>map(s -> Msg.of("approval.incident.none_of", com.larkops.model.Text.clip(s.value())))
                    .orElse(Msg.of("approval.incident.none")));
        }
        if (open.size() > 1) {
            return Reply.usage(Msg.of("approval.incident.several", String.join(", ", open.stream().map(i -> i.service().value()).distinct().toList())));
        }
        Incident i = open.get(0);
        return close(i, by) ? Reply.ok(Msg.of("approval.incident.closed", i.id(), i.service().value()))
                : Reply.refused(Msg.of("approval.incident.closed_already", i.id()));
    }

    private boolean close(Incident i, String by) {
        Instant now = clock.instant();
        if (!incidents.close(i.id(), now, by)) {
            return false;
        }
        incidents.event(i.id(), now, StoredText.encode(Msg.of("approval.incident.event.closed", com.larkops.model.Text.mention(by))));
        log.info("incident #{} of {} prod closed by {}", i.id(), i.service(), by);
        if (i.messageId().isBlank()) {
            return true;
        }
        messenger.replyInThread(i.messageId(), Reply.ok(timeline(i, incidents.events(i.id()), now)));
        Incident closed = incidents.byId(i.id()).orElse(i);
        Serving serving = history.live(i.service(), Env.PROD).map(r -> new Serving(r.version(), r.digest().value())).orElse(Serving.NOTHING);
        messenger.updateCard(i.messageId(), IncidentCard.render(view(closed, serving), now));
        return true;
    }

    /** The close's reply: every event, with its time since the incident opened. */
    static Text timeline(Incident i, List<Incident.Event> events, Instant now) {
        List<Text> lines = new ArrayList<>();
        lines.add(Msg.of("approval.incident.timeline", i.id(), i.service().value(), Md.human(Duration.between(i.openedAt(), now))));
        for (Incident.Event e : events.stream().limit(50).toList()) {
            String after = "+" + Md.human(Duration.between(i.openedAt(), e.at())) + " ";
            lines.add(StoredText.decode(e.text()).map(t -> after + (t.length() > 300 ? t.substring(0, 299) + "…" : t)));
        }
        return Text.lines(lines);
    }

    private IncidentCard.View view(Incident i, Serving serving) {
        Optional<IncidentCard.Digests> good = history.knownGood(i.service(), Env.PROD, 20).stream()
                .filter(r -> !r.digest().value().equals(serving.digest())).findFirst()
                .map(r -> new IncidentCard.Digests(r.version(), r.digest().value()));
        return new IncidentCard.View(i.id(), i.service().value(), i.env().tag(), StoredText.decode(i.what()), i.openedAt(),
                new IncidentCard.Digests(serving.version(), serving.digest()), good,
                i.closedAt().map(at -> new IncidentCard.Closed(at, i.closedBy())));
    }

    private static String english(Text text) {
        return com.larkops.model.Text.plain(text.in(Language.DEFAULT));
    }
}
