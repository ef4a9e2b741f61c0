package io.rotor.enricher.app;

import io.rotor.enricher.config.ConfigException;
import io.rotor.enricher.service.EnricherService.StartupException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar rotor-lead-enricher.jar <command>}. Exit codes: 0 ok, 1 runtime failure, 2 usage or
 * configuration error.
 */
@Command(name = "rotor-lead-enricher", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Enriches events carrying Rotor lead ids with Avro Lead records.",
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.",
                "Run '<command> --help' for a command's options and the settings it reads."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(commandLine(System.getenv(), out, err).execute(args));
    }

    /**
     * The command line with every command, reading settings from {@code env}; tests run it in-process.
     */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new RunCommand(env));
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new CheckCommand(env));
        cli.addSubcommand(new SandboxCommand());
        cli.addSubcommand(new BenchCommand());
        CommandLine gate = new CommandLine(new GateCommand());
        gate.addSubcommand(new GateCommand.Status(env, java.time.Clock.systemUTC()));
        gate.addSubcommand(new GateCommand.Open(env, java.time.Clock.systemUTC()));
        cli.addSubcommand(gate);
        cli.addSubcommand(new ReplayCommand(env, java.time.Clock.systemUTC()));
        for (String name : new String[] {"run", "check", "replay"}) {
            cli.getSubcommands().get(name).getCommandSpec().usageMessage().footer(SettingsHelp.footer());
        }
        for (String name : new String[] {"status", "open"}) {
            gate.getSubcommands().get(name).getCommandSpec().usageMessage().footer(SettingsHelp.footer());
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter errors = commandLine.getErr();
            if (e instanceof ConfigException config) {
                errors.println("Configuration error" + (config.problems().size() > 1 ? "s:" : ":"));
                config.problems().forEach(p -> errors.println("  " + p));
            } else if (e instanceof StartupException) {
                errors.println("error: " + e.getMessage());
            } else {
                errors.println("error: " + e);
            }
            errors.flush();
            return exitCode(e);
        });
        return cli;
    }

    /**
     * picocli's own report of a usage error, minus the values: its messages quote the arguments they did not
     * understand, and a mistyped {@code --sett ROTOR_API_KEY=...} must not print the key.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(withoutValues(e.getMessage(), args));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            cmd.usage(err, cmd.getColorScheme());
        }
        err.flush();
        return exitCode(e);
    }

    /**
     * {@code message} with every argument that may hold a value masked: only the first argument (the command) and
     * option names (from {@code -} up to a {@code =}) are shown as typed.
     */
    static String withoutValues(String message, String[] args) {
        String safe = message == null ? "" : message;
        for (int i = args.length - 1; i >= 0; i--) {
            String arg = args[i];
            if (arg.isEmpty() || i == 0 && !arg.startsWith("-")) {
                continue;
            }
            int eq = arg.indexOf('=');
            String shown = arg.startsWith("-") ? (eq < 0 ? arg : arg.substring(0, eq + 1) + HIDDEN) : HIDDEN;
            if (!shown.equals(arg)) {
                safe = safe.replace(arg, shown);
            }
        }
        return safe;
    }

    private static final String HIDDEN = "<value not shown>";

    static int exitCode(Throwable e) {
        return e instanceof ConfigException || e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE;
    }

    @Override
    public void run() {
        // No command given: that is a usage error.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give one of run, demo, check, sandbox, bench, gate, replay");
    }

    /** The version from the jar manifest (Implementation-Version), or "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rotor-lead-enricher " + (version == null ? "dev" : version)};
        }
    }
}
