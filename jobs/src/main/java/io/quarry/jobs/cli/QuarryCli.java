package io.quarry.jobs.cli;

import io.quarry.connectors.DataFormatException;
import io.quarry.dsl.parse.Diagnostic;
import io.quarry.dsl.parse.FormulaException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quarry} command line. Exit codes: 0 ok, 1 failed, 2 bad usage or bad input. */
@Command(name = "quarry", mixinStandardHelpOptions = true, version = "quarry 0.1.0",
        description = "Mines, scores, streams and backtests formulaic stock alphas.",
        subcommands = {EvalCommand.class, CheckCommand.class, ImportCommand.class, GenerateCommand.class, ScoreCommand.class,
                BacktestCommand.class, WeightsCommand.class, MineCommand.class, StreamCommand.class, SubmitCommand.class,
                DemoCommand.class})
public final class QuarryCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line with the given streams and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new QuarryCli());
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler(QuarryCli::handle);
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Not an Exception, so picocli lets it through; by now the work's arrays are garbage.
            code = outOfMemory(args, cli.getErr());
        }
        cli.getOut().flush();
        cli.getErr().flush();
        return code;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }

    /** Says that the command ran out of heap and how to give it more; exit code 1. */
    private static int outOfMemory(String[] args, PrintWriter err) {
        long heap = Runtime.getRuntime().maxMemory();
        String size = heap < 1L << 30 ? (heap >> 20) + " MB" : String.format("%.1f GB", heap / (double) (1L << 30));
        err.printf("error: quarry %s ran out of memory in a heap of %s; give the JVM more, e.g. "
                + "QUARRY_JAVA_OPTS=-Xmx%dg%n", args.length > 0 ? args[0] : "", size, Math.max(1, 2 * heap >> 30));
        err.flush();
        return ExitCode.FAILED;
    }

    /** Turns a failure into a message and an exit code; a stack trace only with QUARRY_DEBUG set. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        int code;
        if (e instanceof CliFailure f) {
            err.println("error: " + f.getMessage());
            code = f.exitCode();
        } else if (e instanceof FormulaException f) {
            f.diagnostics().stream().map(Diagnostic::format).forEach(err::println);
            code = ExitCode.BAD_INPUT;
        } else if (e instanceof DataFormatException f) {
            err.println("error: " + f.getMessage());
            code = ExitCode.BAD_INPUT;
        } else if (e instanceof NoSuchFileException f) {
            err.println("error: file not found: " + f.getFile());
            code = ExitCode.BAD_INPUT;
        } else if (e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            code = ExitCode.BAD_INPUT;
        } else if (e instanceof IOException) {
            err.println("error: " + e.getMessage());
            code = ExitCode.FAILED;
        } else {
            err.println("internal error: " + e + " (set QUARRY_DEBUG=1 to see the stack trace)");
            code = ExitCode.FAILED;
        }
        if (System.getenv("QUARRY_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
