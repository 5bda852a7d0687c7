package com.larkops;

import com.larkops.app.Bot;
import com.larkops.app.Doctor;
import com.larkops.app.Shell;
import com.larkops.config.ConfigException;
import com.larkops.config.Settings;
import com.larkops.store.StoreException;
import com.larkops.tryit.TryIt;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar larkops-bot.jar} serves Lark; {@code … run /digest all} runs one command from the shell;
 * {@code … doctor} checks the set-up; {@code … try} is the local try-it chat. picocli parses the modes and their
 * options, prints {@code --help} for each, and answers bad usage with the error and the usage on stderr, exit 2.
 */
@Command(name = "java -jar larkops-bot.jar", scope = ScopeType.INHERIT, synopsisHeading = "usage: ",
        description = "Without a mode: serve Lark (webhook or long connection), configured by the environment and .env.",
        subcommands = {Main.Run.class, Main.DoctorMode.class, Main.TryMode.class, HelpCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class Main implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private boolean serving;

    public static void main(String[] args) {
        Main main = new Main();
        int exit = commandLine(main).execute(args);
        if (!main.serving || exit != 0) { // a served bot ends by its shutdown hook; exiting from there would block
            System.exit(exit);
        }
    }

    static CommandLine commandLine(Main main) {
        CommandLine cli = new CommandLine(main)
                .setExpandAtFiles(false) // "@user" is chat text, never a file of arguments
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    // a setting or the store is wrong: one line that says which, never a stack trace
                    if (e instanceof ConfigException || e instanceof StoreException) {
                        command.getErr().println("larkops: " + e.getMessage());
                        return e instanceof ConfigException ? 2 : 1;
                    }
                    throw e;
                });
        // everything after the command word is the chat command's, "--apply" included
        cli.getSubcommands().get("run").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        return cli;
    }

    @Override
    public Integer call() {
        serving = true;
        Bot bot = Bot.start(Settings.forServer(environment()));
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
        return 0;
    }

    private static Map<String, String> environment() {
        return Settings.environment(Path.of("."));
    }

    @Command(name = "run", description = {"Run one command from the shell, as os:<user>, through the same checks, locks and "
            + "audit log as chat; needs no Lark and no running bot.", "Exit 0 on success, 1 on refusal or failure, 2 on bad usage."})
    static final class Run implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Parameters(arity = "1..*", paramLabel = "/<command> [args]", description = "the command as separate words, "
                + "same grammar as chat, e.g. /digest all")
        List<String> words;

        @Override
        public Integer call() {
            return Shell.run(words, environment());
        }
    }

    @Command(name = "doctor", description = "Check config, data dir, engine, network, registry, Lark credentials and chat "
            + "membership, one line each; exit 0 only when all pass. Changes nothing.")
    static final class DoctorMode implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Override
        public Integer call() {
            return Doctor.run(environment(), new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        }
    }

    @Command(name = "try", description = "The local try-it chat: the real bot on this engine and registry, without a Lark app; "
            + "commands from stdin until end of input.")
    static final class TryMode implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Option(names = "--config", paramLabel = "FILE", description = "the config (default: LARKOPS_CONFIG or ./larkops.yaml; "
                + "deploy/try-it.sh writes one)")
        Path config;

        @Option(names = "--as", paramLabel = "OPEN_ID", description = "the user you type as")
        String as;

        @Option(names = "--versions", paramLabel = "VERSION", split = ",", description = "the versions the registry offers, named in the welcome text")
        List<String> versions = new ArrayList<>();

        @Override
        public Integer call() {
            return TryIt.run(Optional.ofNullable(config), as, versions, environment());
        }
    }

    /** {@code -h}/{@code --help} on the jar and on each mode (picocli's help and completion commands have their own). */
    static final class HelpOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }
}
