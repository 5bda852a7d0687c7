package com.larkops.release;

import com.larkops.command.RefusedException;

/** A change refused by one of the {@link Gates}; {@link #gate} says which (the text is the gate's one line). */
public final class GateRefusedException extends RefusedException {
    private final Gate.Name gate;

    public GateRefusedException(Gate.Name gate, String message) {
        super(message);
        this.gate = gate;
    }

    public GateRefusedException(Gate.Name gate, com.larkops.i18n.Text text) {
        super(text);
        this.gate = gate;
    }

    public Gate.Name gate() {
        return gate;
    }
}
