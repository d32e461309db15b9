package io.quarry.jobs.cli;

import java.io.PrintWriter;

/** Prints the time of each step to stderr when {@code --timing} is on. */
final class Timer {

    private final boolean enabled;
    private final PrintWriter err;
    private long last = System.nanoTime();

    Timer(boolean enabled, PrintWriter err) {
        this.enabled = enabled;
        this.err = err;
    }

    void lap(String step) {
        long now = System.nanoTime();
        if (enabled) {
            err.printf("timing: %-60s %8.3f s%n", step, (now - last) / 1e9);
        }
        last = now;
    }
}
