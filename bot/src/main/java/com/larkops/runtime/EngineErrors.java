package com.larkops.runtime;

import com.larkops.i18n.Explained;
import com.larkops.i18n.Msg;
import com.larkops.i18n.Text;

import com.github.dockerjava.api.exception.DockerException;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java failures into our two exception types with a message a human can act on. */
final class EngineErrors {
    // docker-java puts the engine's JSON body in the message: Status 404: {"message":"No such container: x"}
    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String dockerHost;

    EngineErrors(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    /** Runs one engine call; whatever it throws leaves as one of our exception types. */
    <T> T call(Text action, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw translate(action, e);
        }
    }

    /** What to throw for a failure while doing {@code action} (e.g. "start container abc"). */
    RuntimeException translate(Text action, RuntimeException e) {
        if (e instanceof RuntimeOperationException || e instanceof RuntimeUnavailableException) {
            return e;
        }
        if (e instanceof DockerException docker) {
            return new RuntimeOperationException(failed(action, engineMessage(docker)), e);
        }
        if (causedByIo(e)) {
            return new RuntimeUnavailableException(dockerHost, e);
        }
        return new RuntimeOperationException(failed(action, String.valueOf(e)), e);
    }

    /**
     * Like {@link #translate} but for calls that carried secrets: every secret value is blanked out of
     * the message and the cause is dropped, because a cause's own message could still quote them.
     */
    RuntimeException translateRedacting(Text action, RuntimeException e, List<String> secrets) {
        RuntimeException plain = translate(action, e);
        if (plain instanceof RuntimeUnavailableException) {
            return new RuntimeUnavailableException(dockerHost, new IOException(redact(rootMessage(e), secrets)));
        }
        return new RuntimeOperationException(Explained.of(plain).map(m -> redact(m, secrets)));
    }

    /** "{@code action} failed: {@code why}", the engine's own {@code why} as it is. */
    static Text failed(Text action, String why) {
        return Msg.of("app.engine.failed", action, why);
    }

    static String engineMessage(DockerException e) {
        String raw = e.getMessage() == null ? "" : e.getMessage().strip();
        Matcher m = JSON_MESSAGE.matcher(raw);
        String message = m.find() ? m.group(1).replace("\\\"", "\"").replace("\\n", " ") : raw;
        return message + " (HTTP " + e.getHttpStatus() + ")";
    }

    static String redact(String message, List<String> secrets) {
        if (message == null) {
            return null;
        }
        String result = message;
        // longest first, so a secret containing a shorter one is blanked whole
        for (String secret : secrets.stream().filter(s -> !s.isEmpty()).sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            result = result.replace(secret, "***");
        }
        return result;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
