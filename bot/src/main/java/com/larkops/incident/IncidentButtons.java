package com.larkops.incident;

import com.larkops.command.CommandSpec;
import com.larkops.command.Role;
import com.larkops.command.UsageException;
import com.larkops.i18n.Msg;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.InvalidInputException;
import com.larkops.model.ServiceName;
import com.larkops.release.NextActions.Click;

import java.util.Map;
import java.util.Optional;

/**
 * The incident card's and the drift card's buttons, read back from a click's value as the typed command each stands
 * for — so the router authorises, audits and runs it exactly as if typed (no side door): roll back to the card's
 * known-good ({@code /rollback <service> prod to <digest>}), logs ({@code /logs}), hold ({@code /hold}); drift's
 * Adopt ({@code /deploy <service> <digest> prod}: an approval card in prod) and Revert ({@code /rollback … to <digest>}).
 * An incident's buttons are refused once it is closed. Also the {@code /incident close [service]} row.
 */
public final class IncidentButtons {
    private final IncidentLog log;
    private final Incidents incidents;

    public IncidentButtons(IncidentLog log, Incidents incidents) {
        this.log = log;
        this.incidents = incidents;
    }

    public Click rollback(Map<String, ?> value) {
        return openIncident(value, service -> digest(value).map(d -> Click.run("/rollback " + service + " prod to " + d.value()))
                .orElseGet(() -> refuse(Msg.of("approval.click.no_digest"))));
    }

    public Click logs(Map<String, ?> value) {
        return openIncident(value, service -> Click.run("/logs " + service + " prod 50"));
    }

    public Click hold(Map<String, ?> value) {
        return openIncident(value, service -> Click.run("/hold " + service + " prod incident #" + text(value, "incident_id")));
    }

    public Click adopt(Map<String, ?> value) {
        return drift(value, (service, env, digest) -> Click.run("/deploy " + service + " " + digest.value() + " " + env));
    }

    public Click revert(Map<String, ?> value) {
        return drift(value, (service, env, digest) -> Click.run("/rollback " + service + " " + env + " to " + digest.value()));
    }

    /** {@code /incident close [service]}: deployers may close (it changes nothing that runs; on-call closes what it handled). */
    public CommandSpec spec() {
        return CommandSpec.of("incident", "/incident close [service]",
                "close the open prod incident (of the service) with its timeline in its thread", Role.DEPLOYER, r -> {
                    var args = r.command().args();
                    if (args.isEmpty() || !args.get(0).equals("close") || args.size() > 2) {
                        throw new UsageException(Msg.of("approval.incident.usage"));
                    }
                    Optional<ServiceName> service = args.size() == 2 ? Optional.of(ServiceName.parse(args.get(1))) : Optional.empty();
                    return incidents.close(service, r.caller().user());
                });
    }

    private interface DriftCommand {
        Click of(ServiceName service, Env env, Digest digest);
    }

    private Click drift(Map<String, ?> value, DriftCommand command) {
        Optional<ServiceName> service = service(value);
        Optional<Digest> digest = digest(value);
        if (service.isEmpty() || digest.isEmpty()) {
            return refuse(Msg.of("approval.click.no_service_digest"));
        }
        try {
            return command.of(service.get(), Env.parse(text(value, "env")), digest.get());
        } catch (InvalidInputException e) {
            return refuse(Msg.of("approval.click.no_env"));
        }
    }

    private Click openIncident(Map<String, ?> value, java.util.function.Function<ServiceName, Click> command) {
        Optional<ServiceName> service = service(value);
        if (service.isEmpty()) {
            return refuse(Msg.of("approval.click.no_service"));
        }
        long id;
        try {
            id = Long.parseLong(text(value, "incident_id"));
        } catch (NumberFormatException e) {
            return refuse(Msg.of("approval.click.no_incident"));
        }
        Optional<Incident> incident = log.byId(id).filter(i -> i.service().equals(service.get()));
        if (incident.isEmpty()) {
            return refuse(Msg.of("approval.click.no_incident_of", service.get().value()));
        }
        if (!incident.get().open()) {
            return refuse(Msg.of("approval.click.incident_closed", id));
        }
        return command.apply(service.get());
    }

    private static Click refuse(Msg why) {
        return Click.refuse(why);
    }

    private static Optional<ServiceName> service(Map<String, ?> value) {
        try {
            return Optional.of(ServiceName.parse(text(value, "service")));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static Optional<Digest> digest(Map<String, ?> value) {
        try {
            return Optional.of(Digest.parse(text(value, "digest")));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static String text(Map<String, ?> value, String key) {
        Object v = value.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
