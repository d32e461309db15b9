package io.quarry.jobs.cli;

/**
 * A command that cannot go on, with the message shown to the user (no stack trace) and the exit
 * code to return.
 */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliFailure badInput(String message) {
        return new CliFailure(ExitCode.BAD_INPUT, message);
    }

    int exitCode() {
        return exitCode;
    }
}
