package com.larkops.tryit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar larkops-bot.jar try [--config FILE] [--as OPEN_ID] [--versions A,B]}: larkops without a
 * Lark app. The real bot runs against the local Docker engine and the registry in the config; only Lark's
 * cloud is replaced ({@link LocalLark}). Reads commands from stdin, a terminal or a pipe, one at a time
 * (each waits for its outcome), until end of input or {@code :quit}. The terminal shows the chat only:
 * the bot's log goes to {@code bot.log} beside the config. Output is UTF-8 whatever the locale.
 */
public final class TryIt {
    private TryIt() {
    }

    /** The options as {@code com.larkops.Main} parsed them: {@code as} null = the first deployer. */
    public static int run(Optional<Path> configOption, String as, List<String> versions, Map<String, String> env) {
        PrintStream terminal = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream errors = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Path config = configOption.orElseGet(() -> Path.of(env.getOrDefault("LARKOPS_CONFIG", "./larkops.yaml")));
        if (!Files.isRegularFile(config)) {
            errors.println("larkops try: no config at " + config + "; pass --config FILE (deploy/try-it.sh writes one)");
            return 2;
        }
        Path log = config.toAbsolutePath().getParent().resolve("bot.log");
        logTo(log, errors);
        TrySession session;
        try {
            session = TrySession.start(env, config, as, new ArrayList<>(versions), terminal);
        } catch (RuntimeException e) {
            errors.println("larkops try: the bot did not start: " + e.getMessage() + " (details: " + log + ")");
            LoggerFactory.getLogger(TryIt.class).error("start failed", e);
            return 1;
        }
        terminal.println(com.larkops.i18n.Msg.of("app.tryit.log", log).in(session.language()));
        try (session; BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!session.type(line)) {
                    break;
                }
            }
            return 0;
        } catch (IOException e) {
            errors.println("larkops try: " + e.getMessage());
            return 1;
        }
    }

    /** The chat is the terminal: log lines and stray stack traces go to {@code file} instead of stderr. */
    private static void logTo(Path file, PrintStream errors) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} %msg%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        try {
            System.setErr(new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            errors.println("larkops try: cannot write " + file + ": " + e.getMessage());
        }
    }
}
