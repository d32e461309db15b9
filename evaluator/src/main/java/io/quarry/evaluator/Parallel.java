package io.quarry.evaluator;

import java.util.stream.IntStream;

/**
 * Splits a loop over {@code 0..n} into contiguous chunks run on the common fork-join pool. Each
 * chunk writes only its own outputs, so results never depend on the scheduling.
 */
final class Parallel {

    private Parallel() {
    }

    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** Runs {@code body} over chunks of about {@code grain} indices or more (one chunk for small n). */
    static void chunks(int n, int grain, RangeBody body) {
        int parts = Math.min(4 * Runtime.getRuntime().availableProcessors(), Math.max(1, n / Math.max(1, grain)));
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, parts).parallel().forEach(p -> body.run(
                (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)));
    }
}
