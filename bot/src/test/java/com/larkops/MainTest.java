package com.larkops;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's modes as picocli reads them; the modes themselves run in ShellIT, DoctorIT and TryItIT. */
class MainTest {
    @Test
    void everyWordAfterRunIsTheChatCommandsOptionsIncluded() {
        CommandLine.ParseResult parsed = Main.commandLine(new Main()).parseArgs("run", "/prune", "echo", "--apply", "-h", "@ou_lead", "--", "x");
        Main.Run run = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(run.words).containsExactly("/prune", "echo", "--apply", "-h", "@ou_lead", "--", "x");
    }

    @Test
    void tryTakesItsOptions() {
        CommandLine.ParseResult parsed = Main.commandLine(new Main()).parseArgs("try", "--config", "c.yaml", "--as", "ou_a", "--versions", "1.0.0,1.1.0");
        Main.TryMode mode = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(mode.config).isEqualTo(Path.of("c.yaml"));
        assertThat(mode.as).isEqualTo("ou_a");
        assertThat(mode.versions).containsExactly("1.0.0", "1.1.0");
    }

    @Test
    void badUsageIsExitTwoWithOneLineNamingTheMistake() {
        for (List<String> args : List.of(List.of("run"), List.of("frobnicate"), List.of("doctor", "now"), List.of("try", "--bogus"),
                List.of("try", "--config"))) {
            StringWriter err = new StringWriter();
            PrintWriter writer = new PrintWriter(err);
            int exit = Main.commandLine(new Main()).setErr(writer).execute(args.toArray(String[]::new));
            writer.flush();
            assertThat(exit).as("%s", args).isEqualTo(2);
            assertThat(err.toString().lines().findFirst().orElse("")).as("%s", args)
                    .containsAnyOf("Missing required", "Unmatched argument", "Unknown option", "Missing required parameter for option");
        }
        StringWriter err = new StringWriter();
        PrintWriter writer = new PrintWriter(err);
        Main.commandLine(new Main()).setErr(writer).execute("run");
        writer.flush();
        assertThat(err.toString()).contains("usage: java -jar larkops-bot.jar run");
    }

    @Test
    void eachModeHasItsHelp() {
        for (String mode : List.of("run", "doctor", "try")) {
            StringWriter out = new StringWriter();
            PrintWriter writer = new PrintWriter(out);
            int exit = Main.commandLine(new Main()).setOut(writer).execute(mode, "--help");
            writer.flush();
            assertThat(exit).isZero();
            assertThat(out.toString()).startsWith("usage: java -jar larkops-bot.jar " + mode);
        }
    }
}
