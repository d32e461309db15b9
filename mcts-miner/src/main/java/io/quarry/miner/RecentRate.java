package io.quarry.miner;

import java.util.ArrayDeque;

/**
 * A run's rate over its last seconds, for progress reports. A search speeds up over its first tens
 * of seconds while the JIT compiles its kernels on the same cores, so the mean rate since the start
 * understates its speed and a time left computed from it overstates (the goal's command on two
 * cores: 91 evaluations/s on average after 21 s, an ETA of 198 s, and the search over 97 s later).
 * Not thread-safe.
 */
public final class RecentRate {

    /** The span a rate is measured over: ten seconds. */
    public static final long WINDOW_NANOS = 10_000_000_000L;

    private record Sample(long nanos, long count) {
    }

    private final long windowNanos;
    /** The latest sample at or before the window's start: the start itself until a window has passed. */
    private Sample anchor;
    private final ArrayDeque<Sample> inWindow = new ArrayDeque<>();

    /** A run that starts at {@code startNanos} with nothing done, measured over {@link #WINDOW_NANOS}. */
    public RecentRate(long startNanos) {
        this(startNanos, WINDOW_NANOS);
    }

    RecentRate(long startNanos, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("window " + windowNanos + " ns: must be positive");
        }
        this.windowNanos = windowNanos;
        this.anchor = new Sample(startNanos, 0);
    }

    /**
     * Records that {@code count} units are done at {@code nanos} (neither may be below an earlier
     * record's) and returns the rate per second since the anchor: the latest record at or before
     * {@code nanos} minus the window, or the start. NaN when no time has passed since it.
     */
    public double record(long nanos, long count) {
        inWindow.addLast(new Sample(nanos, count));
        while (inWindow.peekFirst().nanos() <= nanos - windowNanos) {
            anchor = inWindow.removeFirst();
        }
        long elapsed = nanos - anchor.nanos();
        return elapsed > 0 ? (count - anchor.count()) * 1e9 / elapsed : Double.NaN;
    }

    /** Seconds to do {@code remaining} more units at {@code perSecond}; NaN when that rate is not positive. */
    public static double secondsLeft(long remaining, double perSecond) {
        return perSecond > 0 ? remaining / perSecond : Double.NaN;
    }
}
