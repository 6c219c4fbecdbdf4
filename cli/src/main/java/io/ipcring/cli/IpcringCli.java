package io.ipcring.cli;

import io.ipcring.channel.ChannelException;
import io.ipcring.sync.SharedMemoryException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code ipcring} command: {@code demo}, {@code bench}, {@code stat}, {@code tail},
 * {@code send}, {@code ls}, {@code clean}, {@code dump}. Expected failures (a wrong path, a file that is not a
 * ring, an unknown scheme, a channel error) print one line naming what was wrong and exit 1;
 * usage errors print the command's usage and exit 2.
 */
@Command(name = "ipcring", mixinStandardHelpOptions = true, version = "ipcring 0.1.0-SNAPSHOT",
        description = "Low-latency inter-process messaging on Linux: try it, measure it, inspect live rings.",
        subcommands = {DemoCommand.class, BenchCommand.class, StatCommand.class, TailCommand.class, SendCommand.class,
            LsCommand.class, CleanCommand.class, DumpCommand.class, CommandLine.HelpCommand.class})
public final class IpcringCli implements Runnable {
    /** Exit code of an expected failure. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * @return the command line, configured to report expected failures in one line
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new IpcringCli());
        cli.setExecutionExceptionHandler(IpcringCli::handle);
        return cli;
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (e instanceof CliException || e instanceof SharedMemoryException || e instanceof ChannelException
                || e instanceof IllegalArgumentException || e instanceof IOException) {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            err.flush();
            return EXIT_FAILURE;
        }
        throw e;
    }

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
