package com.larkops.release;

import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.larkops.command.Caller;
import com.larkops.config.ApprovalPolicy;
import com.larkops.model.ApproverRef;

import java.util.Optional;

/**
 * Who may approve a prod request, decided when the click arrives: a user listed by id, or a member of a listed Lark
 * user group or department (asked of the {@link Directory}). Fail closed: a user found nowhere while some lookup
 * failed is refused with that failure, never let through. The shell's OS user acts as approver (Docker-level access).
 */
public final class Approvers {
    private final ApprovalPolicy policy;
    private final Directory directory;

    public Approvers(ApprovalPolicy policy, Directory directory) {
        this.policy = policy;
        this.directory = directory;
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    /** Empty when {@code caller} may approve (or reject) a prod request; otherwise the one line why not. */
    public Optional<Text> refusalText(Caller caller) {
        if (caller.fromShell()) {
            return Optional.empty();
        }
        String user = caller.user();
        Optional<String> failed = Optional.empty();
        for (ApproverRef ref : policy.approvers()) {
            if (ref.isUser()) {
                if (ref.id().equals(user)) {
                    return Optional.empty();
                }
                continue;
            }
            try {
                if (directory.members(ref).contains(user)) {
                    return Optional.empty();
                }
            } catch (Directory.Unavailable e) {
                failed = failed.or(() -> Optional.of(ref + " (" + e.getMessage() + ")"));
            }
        }
        return Optional.of(failed.<Text>map(f -> Msg.of(LOOKUP_FAILED, f)).orElse(Msg.of("release.approvers.only", policy.source())));
    }

    private static final String LOOKUP_FAILED = "release.approvers.lookup_failed";

    /** Whether a refusal from {@link #refusalText} came from a failed lookup rather than from the lists. */
    public static boolean lookupFailed(Text refusal) {
        return refusal instanceof Msg m && m.key().equals(LOOKUP_FAILED);
    }
}
