package com.larkops.signature;

import com.larkops.command.RefusedException;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;
import com.larkops.model.Digest;
import com.larkops.model.Env;
import com.larkops.model.ServiceName;
import com.larkops.registry.RegistryClient;
import com.larkops.registry.RegistryException;

import java.util.Optional;

/**
 * The one question the release paths ask: may this digest go to this env under this policy? Empty when the
 * env needs no signature; otherwise the verdict, which is unsigned (never an exception) when the registry
 * cannot show a signature, so callers refuse with the reason.
 */
public final class SignatureGate {
    private final SignatureSources sources;

    public SignatureGate(SignatureSources sources) {
        this.sources = sources;
    }

    /** Reading signatures through this registry client. */
    public static SignatureGate over(RegistryClient registry) {
        return new SignatureGate(new SignatureSources(registry.attachments()));
    }

    /**
     * For a deploy of {@code digest} to {@code env}: empty when the service's policy asks for no signature there,
     * the verdict when the digest is signed, and a refusal that says why when it is not.
     */
    public Optional<Verdict> require(ServiceName service, String repository, VerifyPolicy policy, Env env, Digest digest) {
        Optional<Verdict> verdict = check(policy, repository, env, digest);
        if (verdict.isPresent() && !verdict.get().isSigned()) {
            throw new RefusedException(Msg.of("pipeline.signature.refused", service.value(), digest.shortForm(), env, verdict.get().text(),
                    anyOf(policy.keys().stream().map(SigningKey::name).toList())));
        }
        return verdict;
    }

    public Optional<Verdict> check(VerifyPolicy policy, String repository, Env env, Digest digest) {
        if (!policy.requires(env)) {
            return Optional.empty();
        }
        return Optional.of(verify(policy, repository, digest));
    }

    /** Checks regardless of env (for /images): signed by one of the policy's keys? */
    public Verdict verify(VerifyPolicy policy, String repository, Digest digest) {
        try {
            return SignatureVerifier.verify(sources.find(repository, digest), digest, repository, policy.keys());
        } catch (RegistryException e) {
            return Verdict.unsigned(Msg.of("pipeline.signature.unreadable", e.getMessage()));
        }
    }

    /** {@code a or b or c}, the "or" in the reader's language. */
    static Text anyOf(java.util.List<String> names) {
        Text or = Msg.of("pipeline.word.or");
        return language -> String.join(or.in(language), names);
    }
}
