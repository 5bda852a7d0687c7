package com.larkops.skill.httpcheck;

import com.larkops.skill.kit.Invocation;
import com.larkops.skill.kit.Skill;
import com.larkops.skill.kit.SkillReply;
import com.larkops.skill.kit.SkillServer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * {@code /httpcheck <url>}: one GET, answered with the status code and the latency, for "is it up from
 * inside the Docker network?" without shell access to the VM. Redirects are reported, never followed,
 * so a redirect cannot lead the check past the {@link UrlPolicy}; it connects to the address the policy
 * vetted, never to a second DNS answer.
 */
public final class HttpCheckSkill implements Skill {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final UrlPolicy policy;

    public HttpCheckSkill(UrlPolicy policy) {
        this.policy = policy;
    }

    public static void main(String[] args) throws Exception {
        SkillServer.serve(new HttpCheckSkill(UrlPolicy.fromEnv(System.getenv("HTTPCHECK_ALLOWED_HOSTS"),
                System.getenv("HTTPCHECK_ALLOWED_NETWORKS"))));
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
    public SkillReply invoke(Invocation invocation) {
        String[] words = invocation.text().isEmpty() ? new String[0] : invocation.text().split("\\s+");
        if (words.length != 1) {
            return SkillReply.text("usage: /httpcheck <http(s)://host[:port]/path>");
        }
        UrlPolicy.Vetted target;
        try {
            target = policy.vet(words[0]);
        } catch (UrlPolicy.Refused refused) {
            return SkillReply.text("httpcheck refused: " + refused.getMessage());
        }
        return SkillReply.text(check(target));
    }

    private String check(UrlPolicy.Vetted target) {
        URI uri = target.uri();
        long start = System.nanoTime();
        try {
            PinnedGet.Answer answer = PinnedGet.get(uri, target.address(), CONNECT_TIMEOUT, REQUEST_TIMEOUT);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            String line = "GET " + uri + " → " + answer.status() + " in " + millis + " ms";
            return answer.location().map(location -> line + " (redirects to " + location + ", not followed)").orElse(line);
        } catch (PinnedGet.ConnectTimeout e) {
            return "GET " + uri + " → could not connect within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } catch (SocketTimeoutException e) {
            return "GET " + uri + " → no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        } catch (ConnectException | NoRouteToHostException e) {
            return "GET " + uri + " → connection refused or unreachable";
        } catch (IOException e) {
            return "GET " + uri + " → failed: " + e.getClass().getSimpleName();
        }
    }
}
