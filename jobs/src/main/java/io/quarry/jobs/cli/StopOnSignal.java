package io.quarry.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns the JVM's shutdown during a search (Ctrl-C, SIGTERM, a pod being stopped) into a request to
 * stop it: the search ends before its next batch, the final pool is chosen from what it found, and
 * the file is written before the JVM exits, with the signal's status (130 for Ctrl-C, 143 for
 * SIGTERM). Without this, a long search ended by a signal left nothing behind.
 *
 * <p>A shutdown hook cannot keep the JVM from ending; it can only delay it until it returns. So the
 * hook asks the search to stop and then waits until {@link #close} says the file is written (or the
 * command failed). Searches that run elsewhere (a Flink job's subtasks) are asked through an action
 * the hook runs, such as creating the file they watch.
 */
final class StopOnSignal implements AutoCloseable {

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /** Installs the hook; {@code out} is the file the command writes, named in the message. */
    StopOnSignal(PrintWriter err, Path out) {
        this(err, out, () -> { });
    }

    /** {@link #StopOnSignal(PrintWriter, Path)} whose hook also runs {@code alsoAsk} when a signal comes. */
    StopOnSignal(PrintWriter err, Path out, Runnable alsoAsk) {
        hook = new Thread(() -> {
            requested.set(true);
            alsoAsk.run();
            err.println("quarry mine: stopping: choosing the pool from what the search found and writing " + out
                    + " (kill -9 abandons it)");
            err.flush();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quarry-mine-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a signal asked the search to stop. */
    boolean requested() {
        return requested.get();
    }

    /** The command is done (file written, or failed): lets a running hook return, removes an idle one. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down: the hook ran or runs, and now returns.
        }
    }
}
