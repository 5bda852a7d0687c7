package com.larkops.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Builds skill images FROM scratch with the static busybox and pushes them: a real HTTP server speaking
 * the skill contract ({@code GET /healthz}, {@code GET /info}, {@code POST /invoke}). Debian's busybox
 * httpd cannot map {@code /invoke} onto a CGI (it runs CGIs only under {@code /cgi-bin/} and has no proxy
 * or rewrite), so the server is {@code busybox nc -ll -e /handler}: one sh process per connection reads the
 * request and answers. An ECHO skill answers {@code "<version> says <text> flags[<name:bool,…>]"}; a SLOW one
 * sleeps 30 s before answering, a DELAYED one 3 s; a CRASHING one exits without answering an invocation (health still fine);
 * an ANSWER one answers every invocation with the JSON it was built with.
 */
public final class SkillImages {
    private SkillImages() {
    }

    public enum Kind { ECHO, DELAYED, SLOW, CRASHING, ANSWER }

    public static String push(String registryHost, String repository, String tag, String version, Kind kind) {
        return push(registryHost, repository, tag, version, kind, "{}");
    }

    /** A skill whose every invocation answers exactly {@code answerJson} (ASCII; e.g. a card of its own making). */
    public static String pushAnswering(String registryHost, String repository, String tag, String version, String answerJson) {
        return push(registryHost, repository, tag, version, Kind.ANSWER, answerJson);
    }

    private static String push(String registryHost, String repository, String tag, String version, Kind kind, String answer) {
        try {
            Path dir = Files.createTempDirectory("larkops-skill");
            Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
            Path handler = dir.resolve("handler");
            Files.writeString(handler, handler(kind));
            Files.setPosixFilePermissions(handler, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(dir.resolve("answer.json"), answer);
            Files.writeString(dir.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /bin/busybox
                    COPY handler /handler
                    COPY answer.json /answer.json
                    ENV SKILL_VERSION=%s PATH=/bin
                    LABEL org.opencontainers.image.version="%s"
                    ENTRYPOINT ["/bin/busybox", "nc", "-ll", "-p", "8080", "-e", "/handler"]
                    """.formatted(version, version));
            String ref = registryHost + "/" + repository + ":" + tag;
            TestImages.run(dir, "docker", "build", "-q", "--no-cache", "-t", ref, "."); // see TestImages: no ids shared across JVMs
            TestImages.run(dir, "docker", "push", "-q", ref);
            String digests = TestImages.run(dir, "docker", "image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", ref);
            for (String line : digests.split("\n")) {
                if (line.startsWith(registryHost + "/" + repository + "@")) {
                    return line.substring(line.indexOf('@') + 1).trim();
                }
            }
            throw new IllegalStateException("no repo digest for " + ref + " in " + digests);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String handler(Kind kind) {
        String invoke = switch (kind) {
            case ECHO -> "";
            case DELAYED -> "busybox sleep 3\n";
            case SLOW -> "busybox sleep 30\n";
            case CRASHING -> "exit 1\n";
            case ANSWER -> "respond \"200 OK\" \"$(busybox cat /answer.json)\"; exit 0\n";
        };
        return """
                #!/bin/busybox sh
                read -r method path proto
                len=0
                while read -r line; do
                  line=$(printf '%s' "$line" | busybox tr -d '\\r')
                  [ -z "$line" ] && break
                  case "$line" in [Cc]ontent-[Ll]ength:*) len=$(printf '%s' "${line#*:}" | busybox tr -d ' ');; esac
                done
                body=""
                [ "$len" -gt 0 ] && body=$(busybox head -c "$len")
                respond() { printf 'HTTP/1.1 %s\\r\\nContent-Type: application/json\\r\\nContent-Length: %s\\r\\nConnection: close\\r\\n\\r\\n%s' "$1" "${#2}" "$2"; }
                case "$method $path" in
                  "GET /healthz") respond "200 OK" "ok" ;;
                  "GET /info") respond "200 OK" "{\\"name\\":\\"skill\\",\\"version\\":\\"$SKILL_VERSION\\",\\"commands\\":[]}" ;;
                  "POST /invoke")
                    @INVOKE@    text=$(printf '%s' "$body" | busybox sed -n 's/.*"text":"\\([^"]*\\)".*/\\1/p')
                    flags=$(printf '%s' "$body" | busybox sed -n 's/.*"flags":{\\([^}]*\\)}.*/\\1/p' | busybox tr -d '"')
                    respond "200 OK" "{\\"text\\":\\"$SKILL_VERSION says $text flags[$flags]\\"}" ;;
                  *) respond "404 Not Found" "{}" ;;
                esac
                """.replace("@INVOKE@", invoke);
    }
}
