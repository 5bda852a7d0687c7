package com.larkops.release;

import com.larkops.command.Caller;
import com.larkops.command.Role;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.Release;
import com.larkops.model.ServiceName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the gates need to know about the world, fetched at the edge ({@link Gatekeeper}) or given as data in tests.
 * Each method is asked only by the gate that needs it, so a staging deploy never reads prod's facts.
 */
public interface GateFacts {
    boolean chatAllowed(Caller caller);

    Role roleOf(Caller caller);

    /**
     * Empty when {@code caller} may approve a prod request (listed, or a member of a listed group or department);
     * otherwise why not, one line, a failed directory lookup included (fail closed). By default: the role.
     */
    default Optional<com.larkops.i18n.Text> approverRefusal(Caller caller) {
        return roleOf(caller) == Role.APPROVER ? Optional.empty() : Optional.of(com.larkops.i18n.Msg.of("release.approvers.only", "roles.approvers"));
    }

    /** What {@code tag} of the service's repository points at now (empty: no such tag). */
    Optional<Digest> tagNow(ServiceName service, String tag);

    /** Whether the registry serves this digest in the service's repository now. */
    boolean digestServed(ServiceName service, Digest digest);

    /** Empty when the env needs no signature; else the check of the target's digest. */
    Optional<SignatureCheck> signature(Target target);

    /** Secret-looking values in the image's metadata (every platform's), each "KEY in where"; never the value. */
    List<String> secretFindings(Target target);

    /** The service's staging releases of {@code digest}, newest first. */
    List<Release> stagingReleasesOf(ServiceName service, Digest digest);

    Duration soak(ServiceName service);

    Instant now();

    /** Who holds the env and why, when it is held. */
    Optional<String> hold(ServiceName service, Env env);

    /** The freeze covering the env, as the refusal shows it ("is frozen by … : reason"). */
    Optional<com.larkops.i18n.Text> freeze(ServiceName service, Env env);

    /** The env's deploy window (empty: the env has none, changes at any time). */
    Optional<com.larkops.window.DeployWindow> window(Env env);

    /**
     * Empty when the target's env still runs what it ran when the request was made ({@code before}, as the request
     * recorded it); otherwise one line saying what changed. (The one definition of "changed" is the Deployer's.)
     */
    Optional<String> changedSince(Target target, List<String> before);

    /** A signature check's result: signed or not (the line says by whom or why not), and the keys the env asks for. */
    record SignatureCheck(boolean signed, String line, List<String> keys) {
    }
}
