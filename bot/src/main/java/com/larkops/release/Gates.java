package com.larkops.release;

import java.util.List;
import java.util.Optional;

/**
 * The one ordered list of checks every change request passes before a plan is made, whatever started it (chat,
 * card button, shell {@code run}, registry notification or poll, canary, break-glass, automatic undo), and again
 * when an approval is clicked, against the stored plan. Pure: the facts come from a {@link GateFacts}.
 *
 * <p>Use: build a {@link ChangeRequest} at the entry point ({@code ChangeRequest.by(caller, kind, target)}, or
 * {@code .of(origin, …)} for larkops' own changes, {@code .claiming(tag)} for a notification, {@code
 * ChangeRequest.clicked(approver, kind, storedTarget, state, requester)} for an approval or any other click that
 * runs a stored request), then {@code deployer.gates().require(request)}: it returns when every gate
 * passes and throws {@link GateRefusedException} (a {@code RefusedException}: one clear line, naming the gate) at
 * the first that refuses. The order is who → what → whether (known-good, secrets, signature, hold, freeze) →
 * against what (env state). Which gate applies to which origin and kind is decided inside each gate (e.g. a rollback
 * is never held up by a freeze or a signature: it puts back a digest that served there); the README's security
 * section has the table.
 */
public final class Gates {
    private final List<Gate> gates;

    public Gates(List<Gate> gates) {
        this.gates = List.copyOf(gates);
    }

    /** The gates larkops runs, in order. */
    public static Gates standard() {
        return new Gates(StandardGates.ALL);
    }

    public List<Gate> list() {
        return gates;
    }

    /** A refusal: the gate that refused and its one line. */
    public record Refusal(Gate.Name gate, com.larkops.i18n.Text text) {
        /** English: logs, the audit log, tests. */
        public String line() {
            return text.in(com.larkops.i18n.Language.DEFAULT);
        }
    }

    /** The first refusal, or empty when every gate passes. */
    public Optional<Refusal> check(ChangeRequest request, GateFacts facts) {
        for (Gate gate : gates) {
            Optional<com.larkops.i18n.Text> refused = gate.refusal(request, facts);
            if (refused.isPresent()) {
                return Optional.of(new Refusal(gate.name(), refused.get()));
            }
        }
        return Optional.empty();
    }

    /** Returns when every gate passes; otherwise throws the first refusal. */
    public void require(ChangeRequest request, GateFacts facts) {
        check(request, facts).ifPresent(r -> {
            throw new GateRefusedException(r.gate(), r.text());
        });
    }
}
