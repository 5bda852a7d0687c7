package com.larkops;

import com.larkops.app.Bot;
import com.larkops.config.ConfigException;
import com.larkops.config.Settings;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar larkops-bot.jar} serves Lark; {@code … run /digest all} runs one command from the shell;
 * {@code … doctor} checks the set-up; {@code … try} is the local try-it chat.
 */
public final class Main {
    private Main() {
    }

    private static final String USAGE = """
            usage: java -jar larkops-bot.jar                     serve Lark (webhook or long connection)
                   java -jar larkops-bot.jar run /<command> [args]   one command from the shell, e.g. run /digest all
                   java -jar larkops-bot.jar doctor               check config, data dir, engine, registry, Lark
                   java -jar larkops-bot.jar try [--config FILE] [--as OPEN_ID]   local try-it chat, no Lark app
                   java -jar larkops-bot.jar --help""";

    public static void main(String[] args) {
        try {
            String mode = args.length == 0 ? "" : args[0];
            switch (mode) {
                case "" -> serve();
                case "run" -> System.exit(com.larkops.app.Shell.run(args, Settings.environment(Path.of("."))));
                case "try" -> System.exit(com.larkops.tryit.TryIt.run(args, Settings.environment(Path.of("."))));
                case "doctor" -> System.exit(com.larkops.app.Doctor.run(Settings.environment(Path.of(".")),
                        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8)));
                case "--help", "-h", "help" -> System.out.println(USAGE);
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        } catch (ConfigException e) {
            System.err.println("larkops: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void serve() {
        Bot bot = Bot.start(Settings.forServer(Settings.environment(Path.of("."))));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bot.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
