package com.larkops.skill.httpcheck;

import com.larkops.skill.kit.Invocation;
import com.larkops.skill.kit.Skill;
import com.larkops.skill.kit.SkillReply;
import com.larkops.skill.kit.SkillServer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * {@code /httpcheck <url>}: one GET, answered with the status code and the latency, for "is it up from
 * inside the Docker network?" without shell access to the VM. Redirects are reported, never followed,
 * so a redirect cannot lead the check past the {@link UrlPolicy}.
 */
public final class HttpCheckSkill implements Skill {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final UrlPolicy policy;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    public HttpCheckSkill(UrlPolicy policy) {
        this.policy = policy;
    }

    public static void main(String[] args) throws Exception {
        SkillServer.serve(new HttpCheckSkill(UrlPolicy.fromEnv(System.getenv("HTTPCHECK_ALLOWED_HOSTS"))));
    }

    @Override
    public String name() {
        return "httpcheck";
    }

    @Override
    public List<String> commands() {
        return List.of("httpcheck");
    }

    @Override
    public SkillReply invoke(Invocation invocation) throws InterruptedException {
        String[] words = invocation.text().isEmpty() ? new String[0] : invocation.text().split("\\s+");
        if (words.length != 1) {
            return SkillReply.text("usage: /httpcheck <http(s)://host[:port]/path>");
        }
        URI target;
        try {
            target = policy.vet(words[0]);
        } catch (UrlPolicy.Refused refused) {
            return SkillReply.text("httpcheck refused: " + refused.getMessage());
        }
        return SkillReply.text(check(target));
    }

    private String check(URI target) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT).GET()
                .header("User-Agent", "larkops-httpcheck").build();
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            String line = "GET " + target + " → " + response.statusCode() + " in " + millis + " ms";
            return response.headers().firstValue("Location")
                    .map(location -> line + " (redirects to " + location + ", not followed)")
                    .orElse(line);
        } catch (HttpConnectTimeoutException e) {
            return "GET " + target + " → could not connect within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } catch (HttpTimeoutException e) {
            return "GET " + target + " → no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        } catch (ConnectException e) {
            return "GET " + target + " → connection refused or unreachable";
        } catch (IOException e) {
            return "GET " + target + " → failed: " + e.getClass().getSimpleName();
        }
    }
}
