package io.quarry.evaluator;

/**
 * Cross-sectional ordering and average-tie ranks, shared by the Spearman correlations, RRE and PFS.
 *
 * <p>A day's values are sorted once ({@link #order}); the ranks of any subset of them (the symbols
 * where a second series is also present) then come from one linear walk ({@link #ranks}), so a
 * value vector is never sorted twice for different pairings.
 *
 * <p>Sorting is a least-significant-digit radix sort (four 8-bit digits) of a 32-bit
 * order-preserving key of each value, its {@code float} rounding; each run of equal keys is then
 * ordered by the exact {@code double} values. Rounding to float is monotone, so the result is the
 * exact order of the doubles, and ties are decided on the exact values. A cross-section of a few
 * hundred symbols sorts in a few microseconds, several times faster than a comparison sort.
 */
final class Ranks {

    private static final int DIGITS = 4;
    /** Runs of equal keys longer than this (values equal to float precision) are merge-sorted. */
    private static final int LONG_RUN = 32;
    private static final int BUCKETS = 256;

    private Ranks() {
    }

    /** Scratch space for one thread: sized for a cross-section of {@code symbols}. */
    static final class Scratch {
        final int[] keys;
        final int[] keysSwap;
        final int[] indexSwap;
        final int[] histogram = new int[DIGITS * BUCKETS];
        final int[] picked;

        Scratch(int symbols) {
            this.keys = new int[symbols];
            this.keysSwap = new int[symbols];
            this.indexSwap = new int[symbols];
            this.picked = new int[symbols];
        }
    }

    /**
     * Sorts the present (non-NaN) values {@code v[base .. base + n)} ascending.
     *
     * @param order receives the symbol indices (0..n-1) of the present values in ascending order
     * @return how many values are present
     */
    static int order(double[] v, int base, int n, Scratch scratch, int[] order) {
        int[] keys = scratch.keys;
        int[] histogram = scratch.histogram;
        java.util.Arrays.fill(histogram, 0);
        int count = 0;
        for (int s = 0; s < n; s++) {
            double x = v[base + s];
            if (x == x) {
                int key = unsignedKey(x);
                keys[count] = key;
                order[count] = s;
                count++;
                histogram[key & 0xff]++;
                histogram[BUCKETS + (key >>> 8 & 0xff)]++;
                histogram[2 * BUCKETS + (key >>> 16 & 0xff)]++;
                histogram[3 * BUCKETS + (key >>> 24)]++;
            }
        }
        int[] srcKeys = keys;
        int[] srcIndex = order;
        int[] dstKeys = scratch.keysSwap;
        int[] dstIndex = scratch.indexSwap;
        for (int digit = 0; digit < DIGITS; digit++) {
            int offset = digit * BUCKETS;
            int shift = 8 * digit;
            if (count == 0 || histogram[offset + (srcKeys[0] >>> shift & 0xff)] == count) {
                // Every key has the same digit here: the pass would not move anything.
                continue;
            }
            int total = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int c = histogram[offset + b];
                histogram[offset + b] = total;
                total += c;
            }
            for (int i = 0; i < count; i++) {
                int key = srcKeys[i];
                int at = histogram[offset + (key >>> shift & 0xff)]++;
                dstKeys[at] = key;
                dstIndex[at] = srcIndex[i];
            }
            int[] t = srcKeys;
            srcKeys = dstKeys;
            dstKeys = t;
            t = srcIndex;
            srcIndex = dstIndex;
            dstIndex = t;
        }
        if (srcIndex != order) {
            System.arraycopy(srcIndex, 0, order, 0, count);
        }
        int i = 0;
        while (i < count) {
            int j = i + 1;
            while (j < count && srcKeys[j] == srcKeys[i]) {
                j++;
            }
            if (j - i > LONG_RUN) {
                mergeSort(v, base, order, i, j, scratch.indexSwap);
            } else if (j - i > 1) {
                insertionSort(v, base, order, i, j);
            }
            i = j;
        }
        return count;
    }

    /**
     * Average-tie ranks (1..k) of the ordered values restricted to the symbols where
     * {@code other[otherBase + s]} is present (all of them when {@code other} is null).
     *
     * @param out receives {@code out[s]} for each ranked symbol s; other entries are untouched
     * @return k, the number of symbols ranked; {@code scratch.picked[0 .. k)} holds them in order
     */
    static int ranks(double[] v, int base, int[] order, int count, double[] other, int otherBase, Scratch scratch,
                     double[] out) {
        int[] picked = scratch.picked;
        int k = 0;
        for (int i = 0; i < count; i++) {
            int s = order[i];
            if (other == null || !Double.isNaN(other[otherBase + s])) {
                picked[k++] = s;
            }
        }
        int i = 0;
        while (i < k) {
            double x = v[base + picked[i]];
            int j = i + 1;
            while (j < k && v[base + picked[j]] == x) {
                j++;
            }
            // Positions i..j-1 (0-based) hold ranks i+1..j: their average.
            double rank = (i + 1 + j) / 2.0;
            for (int p = i; p < j; p++) {
                out[picked[p]] = rank;
            }
            i = j;
        }
        return k;
    }

    /**
     * An int whose unsigned order is the value's order: the float bits, all flipped for negatives
     * (larger magnitude first), the sign bit set for the others.
     */
    private static int unsignedKey(double x) {
        int bits = Float.floatToRawIntBits((float) x);
        return bits ^ ((bits >> 31) | 0x80000000);
    }

    /**
     * Stable merge sort of {@code order[from, to)} by value: the fallback for long runs of values
     * that agree to float precision (a series plus a huge constant, say), where insertion sort
     * would be quadratic.
     */
    private static void mergeSort(double[] v, int base, int[] order, int from, int to, int[] buffer) {
        if (to - from <= LONG_RUN) {
            insertionSort(v, base, order, from, to);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(v, base, order, from, mid, buffer);
        mergeSort(v, base, order, mid, to, buffer);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            buffer[k++] = v[base + order[j]] < v[base + order[i]] ? order[j++] : order[i++];
        }
        while (i < mid) {
            buffer[k++] = order[i++];
        }
        while (j < to) {
            buffer[k++] = order[j++];
        }
        System.arraycopy(buffer, from, order, from, to - from);
    }

    private static void insertionSort(double[] v, int base, int[] order, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int s = order[i];
            double x = v[base + s];
            int j = i - 1;
            while (j >= from && v[base + order[j]] > x) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = s;
        }
    }
}
