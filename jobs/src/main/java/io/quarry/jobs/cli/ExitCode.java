package io.quarry.jobs.cli;

/** The exit codes of every command: 0 ok, 1 failed (or partly failed), 2 bad usage or bad input. */
final class ExitCode {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
