package io.quarry.miner;

import java.util.stream.IntStream;

/**
 * Index ranges for work split over threads only when more than one is allowed: a search given one
 * thread (one Flink slot) must not borrow the common pool's.
 */
final class Indices {

    private Indices() {
    }

    /** {@code 0 .. n-1}, parallel when {@code parallelism > 1}. */
    static IntStream range(int n, int parallelism) {
        IntStream range = IntStream.range(0, n);
        return parallelism > 1 ? range.parallel() : range;
    }
}
