package com.larkops;

import com.larkops.app.Bot;
import com.larkops.config.ConfigException;
import com.larkops.config.Settings;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar larkops-bot.jar} serves Lark; {@code … run /digest all} runs one command from the shell.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            if (args.length > 0 && args[0].equals("run")) {
                System.exit(com.larkops.app.Shell.run(args, Settings.environment(Path.of("."))));
            }
            if (args.length > 0 && args[0].equals("try")) {
                System.exit(com.larkops.tryit.TryIt.run(args, Settings.environment(Path.of("."))));
            }
            if (args.length > 0) {
                System.err.println("usage: java -jar larkops-bot.jar            (serve Lark)\n"
                        + "       java -jar larkops-bot.jar run /<command> [args]   (one command from the shell)\n"
                        + "       java -jar larkops-bot.jar try [--config FILE] [--as OPEN_ID]   (local try-it chat, no Lark app)");
                System.exit(2);
            }
            serve();
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
