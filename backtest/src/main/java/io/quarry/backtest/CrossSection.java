package io.quarry.backtest;

import java.util.Arrays;

/**
 * One day's signal values in order, with each symbol's average-tie rank: exact on doubles, NaN left
 * out. Scratch space for one thread, reused day after day.
 *
 * <p>The sort packs each value's order-preserving 64-bit pattern, with its low bits replaced by the
 * symbol index, into a {@code long} and sorts those; runs whose truncated patterns are equal are
 * then put in exact order by insertion sort (they are almost always single values or true ties).
 */
final class CrossSection {

    private final int indexBits;
    private final long indexMask;
    private final long[] keys;
    /** Present symbols by ascending value, ties by ascending index. */
    private final int[] order;
    /** Per symbol: how many present values are below it, and how many are at or below it. */
    private final int[] below;
    private final int[] atOrBelow;
    private int count;

    CrossSection(int symbols) {
        this.indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, symbols - 1)));
        this.indexMask = (1L << indexBits) - 1;
        this.keys = new long[symbols];
        this.order = new int[symbols];
        this.below = new int[symbols];
        this.atOrBelow = new int[symbols];
    }

    /** Orders the present values {@code v[base .. base + n)}; returns how many are present. */
    int sort(double[] v, int base, int n) {
        count = 0;
        for (int s = 0; s < n; s++) {
            double x = v[base + s];
            if (!Double.isNaN(x)) {
                keys[count++] = (orderedBits(x + 0.0) & ~indexMask) | s;
            }
        }
        Arrays.sort(keys, 0, count);
        for (int i = 0; i < count; i++) {
            order[i] = (int) (keys[i] & indexMask);
        }
        for (int i = 0; i < count; ) {
            int j = i + 1;
            while (j < count && (keys[j] & ~indexMask) == (keys[i] & ~indexMask)) {
                j++;
            }
            if (j - i > 1) {
                exactOrder(v, base, i, j);
            }
            i = j;
        }
        for (int i = 0; i < count; ) {
            double x = v[base + order[i]];
            int j = i + 1;
            while (j < count && v[base + order[j]] == x) {
                j++;
            }
            for (int k = i; k < j; k++) {
                below[order[k]] = i;
                atOrBelow[order[k]] = j;
            }
            i = j;
        }
        return count;
    }

    int count() {
        return count;
    }

    /**
     * The bucket (0 = lowest) of a present symbol among {@code q} equal-count buckets:
     * {@code floor((r - 1) * q / n)} with r its average-tie rank (1..n).
     */
    int bucket(int symbol, int q) {
        // 2(r - 1) = below + atOrBelow - 1: integer arithmetic, no rounding.
        return (int) ((below[symbol] + atOrBelow[symbol] - 1L) * q / (2L * count));
    }

    /** How many present values are strictly greater than the symbol's (0 for the best). */
    int greater(int symbol) {
        return count - atOrBelow[symbol];
    }

    /** The i-th present symbol by descending value, ties by ascending index (i in 0..count). */
    int descending(int i) {
        // Walk runs of equal values from the top; inside a run keep the ascending index order.
        int position = count - 1 - i;
        int symbol = order[position];
        int runStart = below[symbol];
        int runEnd = atOrBelow[symbol];
        return order[runStart + (runEnd - 1 - position)];
    }

    /** Insertion sort of {@code order[from..to)} by exact value, ties by index. */
    private void exactOrder(double[] v, int base, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int s = order[i];
            double x = v[base + s];
            int j = i - 1;
            while (j >= from && (v[base + order[j]] > x || (v[base + order[j]] == x && order[j] > s))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = s;
        }
    }

    /** A long that orders like the double (no NaN, no negative zero: the caller adds 0.0). */
    private static long orderedBits(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits ^ ((bits >> 63) & 0x7fffffffffffffffL);
    }
}
