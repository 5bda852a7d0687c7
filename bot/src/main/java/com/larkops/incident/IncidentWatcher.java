package com.larkops.incident;

import com.larkops.cards.DriftCard;
import com.larkops.cards.IncidentCard;
import com.larkops.cards.StatusCard;
import com.larkops.command.Messenger;
import com.larkops.command.Reply;
import com.larkops.config.LarkopsConfig;
import com.larkops.config.ServiceConfig;
import com.larkops.i18n.Language;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.release.ReleaseHistory;
import com.larkops.release.ReleaseQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Every {@code incidents.watch}: reads prod as {@code /status} does (the same health probe the deploy health gate
 * uses; what runs by the containers' labels; a change of larkops' own beside it) and the registry's prod tag. A
 * service that answers unhealthy (or runs nothing where larkops put a release) is trouble for {@link Incidents};
 * healthy counts towards its recovery. What runs or is tagged differently from what larkops deployed is DRIFT: one
 * card per distinct drift. Nothing is judged while a change of larkops' own runs there.
 */
public final class IncidentWatcher {
    private static final Logger log = LoggerFactory.getLogger(IncidentWatcher.class);

    private final LarkopsConfig config;
    private final ReleaseQueries queries;
    private final ReleaseHistory history;
    private final Incidents incidents;
    private final IncidentLog incidentLog;
    private final Messenger messenger;
    /** What a tag of a repository points at now (read-only). */
    private final BiFunction<String, String, Optional<Digest>> tags;
    private final Clock clock;

    public IncidentWatcher(LarkopsConfig config, ReleaseQueries queries, ReleaseHistory history, Incidents incidents, IncidentLog log,
                           Messenger messenger, BiFunction<String, String, Optional<Digest>> tags, Clock clock) {
        this.config = config;
        this.queries = queries;
        this.history = history;
        this.incidents = incidents;
        this.incidentLog = log;
        this.messenger = messenger;
        this.tags = tags;
        this.clock = clock;
    }

    /** One round over every service's prod; one service's failure stops no other. */
    public synchronized void check() {
        List<ServiceConfig> services = config.services().values().stream().filter(s -> !s.skill()).toList();
        if (services.isEmpty()) {
            return;
        }
        List<StatusCard.Row> rows = queries.rows(services, true);
        for (StatusCard.Row row : rows) {
            if (!row.env().equals(Env.PROD.tag()) || row.change().isPresent()) {
                continue;
            }
            try {
                check(config.service(row.service()).orElseThrow(), row);
            } catch (RuntimeException e) {
                log.warn("incident watch of {} prod failed: {}", row.service(), e.getMessage());
            }
        }
    }

    private void check(ServiceConfig service, StatusCard.Row row) {
        Optional<Release> live = history.live(service.serviceName(), Env.PROD);
        if (live.isEmpty() && row.digest().isBlank()) {
            return; // larkops never put anything in prod, and nothing runs there
        }
        Incidents.Serving serving = new Incidents.Serving(row.version(), row.digest());
        if (row.digest().isBlank()) {
            incidents.trouble(service.serviceName(), Msg.of("approval.incident.nothing_runs", live.get().version(),
                    live.get().digest().shortForm()), serving);
        } else if (row.health().equalsIgnoreCase("unhealthy")) {
            incidents.trouble(service.serviceName(), Msg.of("approval.incident.unhealthy", service.health(), service.port(), row.version(),
                    Digest.shortOf(row.digest())), serving);
        } else if (row.health().equals("healthy")) {
            incidents.healthy(service.serviceName());
        }
        drift(service, row, live);
    }

    private void drift(ServiceConfig service, StatusCard.Row row, Optional<Release> live) {
        List<Text> lines = new ArrayList<>();
        if (live.isPresent() && !row.digest().isBlank() && !row.digest().equals(live.get().digest().value())) {
            lines.add(Msg.of("approval.drift.line.other", row.version(), Digest.shortOf(row.digest()),
                    com.larkops.model.Text.mention(row.by().isBlank() ? "?" : row.by()), live.get().version(), live.get().digest().shortForm()));
        } else if (live.isEmpty() && !row.digest().isBlank()) {
            lines.add(Msg.of("approval.drift.line.never", row.version(), Digest.shortOf(row.digest())));
        }
        // the engine's own count of what runs, as /status words it
        row.drift().stream().filter(d -> d.contains("containers running")).map(Text::verbatim).forEach(lines::add);
        Optional<Digest> tagged = live.flatMap(l -> tags.apply(service.repository(), Env.PROD.tag()).filter(d -> !d.equals(l.digest())));
        tagged.ifPresent(d -> lines.add(Msg.of("approval.drift.line.tag", d.shortForm(), live.get().digest().shortForm())));
        if (lines.isEmpty()) {
            incidentLog.driftCleared(service.serviceName(), Env.PROD);
            return;
        }
        List<String> english = lines.stream().map(l -> l.in(Language.DEFAULT)).toList();
        String fingerprint = row.digest() + "|" + String.join("|", english);
        if (!incidentLog.firstDrift(service.serviceName(), Env.PROD, fingerprint, clock.instant())) {
            return;
        }
        Optional<String> chat = config.follow().chatFor(service.serviceName(), config.chats());
        if (chat.isEmpty()) {
            return;
        }
        var card = DriftCard.render(new DriftCard.View(service.name(), Env.PROD.tag(), lines,
                new IncidentCard.Digests(row.version(), row.digest()),
                live.map(l -> new IncidentCard.Digests(l.version(), l.digest().value())), tagged.isPresent()), clock.instant());
        Reply reply = Reply.card(Msg.of("approval.drift.reply", service.name(), Text.joined("; ", lines)), card);
        log.warn("drift in {} prod: {}", service.name(), String.join("; ", english));
        Optional<String> thread = incidents.threadOf(service.serviceName());
        if (thread.isPresent()) {
            messenger.replyInThread(thread.get(), reply);
        } else {
            messenger.send(chat.get(), reply);
        }
    }
}
