package com.larkops.tryit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar larkops-bot.jar try [--config FILE] [--as OPEN_ID]}: larkops without a Lark app.
 * The real bot runs against the local Docker engine and the registry in the config; only Lark's cloud
 * is replaced ({@link LocalLark}). Reads commands from stdin until EOF or {@code :quit}.
 */
public final class TryIt {
    private TryIt() {
    }

    public static int run(String[] args, Map<String, String> env) {
        Path config = Path.of(env.getOrDefault("LARKOPS_CONFIG", "./larkops.yaml"));
        String as = null;
        for (int i = 1; i < args.length; i++) {
            if (i + 1 < args.length && args[i].equals("--config")) {
                config = Path.of(args[++i]);
            } else if (i + 1 < args.length && args[i].equals("--as")) {
                as = args[++i];
            } else {
                System.err.println("usage: java -jar larkops-bot.jar try [--config FILE] [--as OPEN_ID]");
                return 2;
            }
        }
        if (!Files.isRegularFile(config)) {
            System.err.println("larkops try: no config at " + config + "; pass --config FILE (deploy/try-it.sh writes one)");
            return 2;
        }
        // the chat is the terminal: keep the bot's operational log lines (stderr) to warnings
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        try (TrySession session = TrySession.start(env, config, as, System.out);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            boolean quit = false;
            while (!quit && (line = in.readLine()) != null) {
                quit = !session.type(line); // replies arrive asynchronously, printed as Lark would show them
            }
            if (!quit) {
                session.awaitQuiet(java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5)); // piped input
            }
            return 0;
        } catch (IOException e) {
            System.err.println("larkops try: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
