package io.quarry.dsl.eval;

import java.util.Arrays;

/**
 * Cross-sectional kernels of the alpha language (DESIGN.md, "Operator semantics").
 *
 * <p>Each kernel reads one day's values for all {@code n} symbols from {@code in[0 .. n)} and
 * writes {@code out[0 .. n)}; {@code out} may be the same array as {@code in}. A value is present
 * when it is finite (NaN and infinities are missing); missing inputs give NaN and are left out of
 * every statistic. Every non-finite result is NaN. The kernels keep no shared state.
 *
 * <p>Means are computed as the first present value plus the mean of the deviations from it, so an
 * exactly constant cross-section has deviations, standard deviation and demeaned values of exactly
 * 0 rather than rounding noise.
 */
final class CrossSectionKernels {

    /** Bits of the bucket rank radix-sorts on: two byte digits. */
    private static final int BUCKET_BITS = 16;

    /** The highest bucket. */
    private static final int BUCKET_MASK = (1 << BUCKET_BITS) - 1;

    /** Groups of keys in one bucket up to this size are insertion-sorted by value. */
    private static final int SMALL_GROUP = 16;

    private CrossSectionKernels() {
    }

    /** Scratch arrays of {@link #rank}, reusable from one cross-section to the next (one thread). */
    static final class RankScratch {
        private final long[] keys;
        private final long[] buffer;
        /** The counts of the low and of the high bucket digits, then where each digit's keys go. */
        private final int[] lowStarts = new int[256];
        private final int[] highStarts = new int[256];
        /**
         * {@code (r + 1) / count} for r in [0, count): the rank of a value with no tie, for the
         * {@code count} of the last cross-section (consecutive days mostly share it), so that a
         * cross-section costs no division per value.
         */
        private final double[] untied;
        private int untiedCount = -1;
        /** The minimum and maximum of the finite values of the row last given to {@link #range}. */
        private double min;
        private double max;

        RankScratch(int n) {
            keys = new long[n];
            buffer = new long[n];
            untied = new double[n];
        }

        /** {@link #untied} for {@code count} present values. */
        double[] untiedRanks(int count) {
            if (count != untiedCount) {
                for (int r = 0; r < count; r++) {
                    untied[r] = (double) (r + 1) / count;
                }
                untiedCount = count;
            }
            return untied;
        }
    }

    /**
     * {@code rank(x)}: average 1-based rank of ties (exact equality) among the present values,
     * divided by their count, in (0, 1]. O(n log n).
     *
     * <p>Each present value gets a {@value #BUCKET_BITS}-bit bucket, a non-decreasing function of
     * the value that spreads the row's values over the buckets, and becomes one long: the bucket
     * above the symbol index. The longs are radix-sorted on the bucket (two byte digits); values
     * that share a bucket land next to each other and are put in exact order when the ranks are
     * assigned. A row with both signs (returns, correlations, differences) is bucketed linearly
     * between its minimum and maximum, a row of one sign (prices, volumes) by the leading bits of
     * its order-preserving 64-bit keys above the minimum's, which follow the logarithm of the
     * value: either keeps the shared buckets few on such data.
     */
    static void rank(double[] in, double[] out, int n) {
        rank(in, out, n, new RankScratch(n));
    }

    /** {@link #rank(double[], double[], int)} with scratch arrays for at least n values. */
    static void rank(double[] in, double[] out, int n, RankScratch scratch) {
        range(in, n, scratch);
        if (scratch.min == scratch.max) {
            rankAllTied(in, out, n);
            return;
        }
        int bits = indexBits(n);
        int count = bucketSort(in, out, n, scratch, bits);
        assignRanks(scratch.keys, count, in, out, bits, scratch.untiedRanks(count));
    }

    /**
     * {@link #rank} of a row whose present values are all equal (a formula the data make constant
     * on a day): one run of ties, with the bits {@link #assignGroup} gives it, and no sort.
     */
    private static void rankAllTied(double[] in, double[] out, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += Double.isFinite(in[i]) ? 1 : 0;
        }
        double tied = ((1 + count) * 0.5) / count;
        for (int i = 0; i < n; i++) {
            out[i] = Double.isFinite(in[i]) ? tied : Double.NaN;
        }
    }

    /**
     * The indices of the finite values of in[0, n) in ascending order of value, equal values in
     * ascending order of index, into {@code order}; returns their count. Writes NaN into
     * {@code missing[i]} for each non-finite value. The sort of {@link #rank}, every bucket then
     * put in exact order.
     */
    static int order(double[] in, double[] missing, int n, RankScratch scratch, int[] order) {
        int bits = indexBits(n);
        range(in, n, scratch);
        int count = bucketSort(in, missing, n, scratch, bits);
        long[] keys = scratch.keys;
        long mask = (1L << bits) - 1;
        int r = 0;
        while (r < count) {
            int h = r + 1;
            while (h < count && (keys[h] ^ keys[r]) >>> bits == 0) {
                h++;
            }
            if (h > r + 1 && !ordered(keys, r, h, in, mask)) {
                sortGroup(keys, r, h, in, mask);
            }
            r = h;
        }
        for (int k = 0; k < count; k++) {
            order[k] = (int) (keys[k] & mask);
        }
        return count;
    }

    /** Bits of a symbol index below the bucket in a key: enough for n - 1. */
    private static int indexBits(int n) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1));
    }

    /**
     * Sets {@code scratch}'s minimum and maximum to those of the finite values of in[0, n)
     * (infinite, the minimum above the maximum, when there is none).
     */
    private static void range(double[] in, int n, RankScratch scratch) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = in[i];
            if (Double.isFinite(v)) {
                min = v < min ? v : min;
                max = v > max ? v : max;
            }
        }
        scratch.min = min;
        scratch.max = max;
    }

    /**
     * Radix-sorts the keys of the finite values of in[0, n) on their buckets into
     * {@code scratch.keys} (see {@link #rank}) and writes NaN into {@code out[i]} for each other
     * value; returns the count of keys. Needs {@link #range} of the row in {@code scratch}.
     */
    private static int bucketSort(double[] in, double[] out, int n, RankScratch scratch, int bits) {
        double min = scratch.min;
        double max = scratch.max;
        int[] low = scratch.lowStarts;
        int[] high = scratch.highStarts;
        Arrays.fill(low, 0);
        Arrays.fill(high, 0);
        // Halves, so that the range cannot overflow; the scale is finite unless the range is tiny.
        double scale = BUCKET_MASK / (max * 0.5 - min * 0.5);
        int count = min < 0 && max > 0 && Double.isFinite(scale)
                ? linearKeys(in, out, n, scratch.keys, bits, min * 0.5, scale, low, high)
                : logKeys(in, out, n, scratch.keys, bits, sortKey(min), sortKey(max), low, high);
        radixSort(scratch.keys, scratch.buffer, count, bits, low, high);
        return count;
    }

    /**
     * Writes the key of each present value, bucket {@code (v / 2 - halfMin) * scale} (at most
     * {@value #BUCKET_MASK}: the scale maps the half range onto it), counts the bucket digits and
     * writes NaN for each missing value; returns the count of keys.
     */
    private static int linearKeys(double[] in, double[] out, int n, long[] keys, int bits,
                                  double halfMin, double scale, int[] low, int[] high) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = in[i];
            if (Double.isFinite(v)) {
                int bucket = (int) ((v * 0.5 - halfMin) * scale);
                keys[count++] = (long) bucket << bits | i;
                low[bucket & 0xFF]++;
                high[bucket >>> 8]++;
            } else {
                out[i] = Double.NaN;
            }
        }
        return count;
    }

    /**
     * {@link #linearKeys} with the bucket the leading {@value #BUCKET_BITS} bits of
     * {@code sortKey(v) - minKey}, as an unsigned number below {@code maxKey - minKey}.
     */
    private static int logKeys(double[] in, double[] out, int n, long[] keys, int bits,
                               long minKey, long maxKey, int[] low, int[] high) {
        int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(maxKey - minKey) - BUCKET_BITS);
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = in[i];
            if (Double.isFinite(v)) {
                int bucket = (int) ((sortKey(v) - minKey) >>> shift);
                keys[count++] = (long) bucket << bits | i;
                low[bucket & 0xFF]++;
                high[bucket >>> 8]++;
            } else {
                out[i] = Double.NaN;
            }
        }
        return count;
    }

    /**
     * LSD radix sort of keys[0, count) on the two byte digits of the bucket above the low
     * {@code bits}, given the counts of each digit; skips a digit that all keys share.
     */
    private static void radixSort(long[] keys, long[] buffer, int count, int bits, int[] low,
                                  int[] high) {
        if (count == 0) {
            return;
        }
        long[] src = keys;
        long[] dst = buffer;
        for (int shift = bits; shift <= bits + 8; shift += 8) {
            int[] starts = shift == bits ? low : high;
            if (starts[(int) (keys[0] >>> shift) & 0xFF] == count) {
                continue; // every key has the same digit here
            }
            int sum = 0;
            for (int b = 0; b < 256; b++) {
                int c = starts[b];
                starts[b] = sum;
                sum += c;
            }
            for (int i = 0; i < count; i++) {
                long k = src[i];
                dst[starts[(int) (k >>> shift) & 0xFF]++] = k;
            }
            long[] swap = src;
            src = dst;
            dst = swap;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, count);
        }
    }

    /** A long whose signed order is the numeric order of finite doubles (-0.0 equals 0.0). */
    private static long sortKey(double v) {
        long bits = Double.doubleToRawLongBits(v + 0.0); // + 0.0 turns -0.0 into 0.0
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /**
     * Writes the ranks of the keys[0, count), sorted on their buckets. A key alone in its bucket
     * has a value of its own, ranked by position; a bucket of several is first put in exact order
     * of the values (in may be out: every value is read before its own slot is written).
     * {@code untied[r]} is {@code (r + 1) / count}.
     */
    private static void assignRanks(long[] keys, int count, double[] in, double[] out, int bits,
                                    double[] untied) {
        long mask = (1L << bits) - 1;
        int r = 0;
        while (r < count) {
            long key = keys[r];
            int h = r + 1;
            while (h < count && (keys[h] ^ key) >>> bits == 0) {
                h++;
            }
            if (h == r + 1) {
                // (r + 1 + (r + 1)) * 0.5 is exactly r + 1: the same bits as a run of one below.
                out[(int) (key & mask)] = untied[r];
            } else {
                if (!ordered(keys, r, h, in, mask)) {
                    sortGroup(keys, r, h, in, mask);
                }
                assignGroup(keys, r, h, count, in, out, mask);
            }
            r = h;
        }
    }

    /**
     * Ranks keys[from, to), in exact order: runs of equal values share the average of their ranks
     * p+1 .. q. The average rank (p+1+q)/2 is exact; one rounding in the division, as pandas' pct
     * rank, so that equal inputs rank bit-identically across implementations.
     */
    private static void assignGroup(long[] keys, int from, int to, int count, double[] in,
                                    double[] out, long mask) {
        int p = from;
        while (p < to) {
            double v = in[(int) (keys[p] & mask)];
            int q = p + 1;
            while (q < to && in[(int) (keys[q] & mask)] == v) {
                q++;
            }
            double rank = ((p + 1 + q) * 0.5) / count;
            for (int k = p; k < q; k++) {
                out[(int) (keys[k] & mask)] = rank;
            }
            p = q;
        }
    }

    /** Whether the values keys[from, to) index are in non-decreasing order. */
    private static boolean ordered(long[] keys, int from, int to, double[] in, long mask) {
        for (int r = from + 1; r < to; r++) {
            if (in[(int) (keys[r] & mask)] < in[(int) (keys[r - 1] & mask)]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts keys[from, to) in the order of the values their low bits ({@code mask}) index. A large
     * group is first sorted on the values' order-preserving keys above the index bits, so the
     * insertion sort that makes the order exact runs over nearly sorted keys.
     */
    private static void sortGroup(long[] keys, int from, int to, double[] in, long mask) {
        if (to - from > SMALL_GROUP) {
            for (int k = from; k < to; k++) {
                long index = keys[k] & mask;
                keys[k] = sortKey(in[(int) index]) & ~mask | index;
            }
            Arrays.sort(keys, from, to);
        }
        sortByValue(keys, from, to, in, mask);
    }

    /** Insertion sort of keys[from, to) by the exact values their low bits index. */
    private static void sortByValue(long[] keys, int from, int to, double[] in, long mask) {
        for (int i = from + 1; i < to; i++) {
            long k = keys[i];
            double v = in[(int) (k & mask)];
            int j = i - 1;
            while (j >= from && in[(int) (keys[j] & mask)] > v) {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = k;
        }
    }

    /**
     * {@code zscore(x)}: {@code (x - mean) / std} over the present values, std with ddof 1; all
     * NaN when fewer than 2 values are present or std is 0.
     */
    static void zscore(double[] in, double[] out, int n) {
        int first = firstPresent(in, n);
        if (first == n) {
            Arrays.fill(out, 0, n, Double.NaN);
            return;
        }
        double ref = in[first];
        int count = presentCount(in, n, first);
        double shiftMean = shiftedMean(in, n, first, ref, count);
        double m2 = 0;
        for (int i = first; i < n; i++) {
            if (Double.isFinite(in[i])) {
                double dev = (in[i] - ref) - shiftMean;
                m2 += dev * dev;
            }
        }
        double std = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
        if (std == 0 || !Double.isFinite(std)) {
            Arrays.fill(out, 0, n, Double.NaN);
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = in[i];
            out[i] = Double.isFinite(v) ? finiteOrNaN(((v - ref) - shiftMean) / std) : Double.NaN;
        }
    }

    private static int presentCount(double[] in, int n, int first) {
        int count = 0;
        for (int i = first; i < n; i++) {
            if (Double.isFinite(in[i])) {
                count++;
            }
        }
        return count;
    }

    /**
     * Mean of the present values minus {@code ref} (a present value): deviations from a value of the
     * row are exact for nearby values and all exactly 0 on a constant row.
     */
    private static double shiftedMean(double[] in, int n, int first, double ref, int count) {
        double shifted = 0;
        for (int i = first; i < n; i++) {
            if (Double.isFinite(in[i])) {
                shifted += in[i] - ref;
            }
        }
        return shifted / count;
    }

    /** {@code demean(x)}: {@code x - mean} over the present values. */
    static void demean(double[] in, double[] out, int n) {
        int first = firstPresent(in, n);
        if (first == n) {
            Arrays.fill(out, 0, n, Double.NaN);
            return;
        }
        double ref = in[first];
        double shiftMean = shiftedMean(in, n, first, ref, presentCount(in, n, first));
        for (int i = 0; i < n; i++) {
            double v = in[i];
            out[i] = Double.isFinite(v) ? finiteOrNaN((v - ref) - shiftMean) : Double.NaN;
        }
    }

    /**
     * {@code scale(x, a)}: {@code x * a / sum(|x|)} over the present values; all NaN when that
     * sum is 0.
     */
    static void scale(double[] in, double[] out, int n, double a) {
        double absSum = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(in[i])) {
                absSum += Math.abs(in[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            double v = in[i];
            // x / sum first: |x / sum| <= 1, so a tiny sum cannot overflow a finite result.
            out[i] = Double.isFinite(v) && absSum != 0 ? finiteOrNaN(v / absSum * a) : Double.NaN;
        }
    }

    /**
     * {@code indneutralize(x, group)}: x minus the mean of the present values of its group;
     * NaN where the symbol has no group ({@code groupIds[i] < 0}) or x is missing. Group ids must
     * be below {@code groupCount}.
     */
    static void neutralize(double[] in, int[] groupIds, int groupCount, double[] out, int n) {
        double[] ref = new double[groupCount];
        // Per group: sum, then mean, of the deviations from the group's first present value.
        double[] shift = new double[groupCount];
        int[] count = new int[groupCount];
        for (int i = 0; i < n; i++) {
            int g = groupIds[i];
            double v = in[i];
            if (g >= 0 && Double.isFinite(v)) {
                if (count[g] == 0) {
                    ref[g] = v;
                }
                shift[g] += v - ref[g];
                count[g]++;
            }
        }
        for (int g = 0; g < groupCount; g++) {
            if (count[g] > 0) {
                shift[g] /= count[g];
            }
        }
        for (int i = 0; i < n; i++) {
            int g = groupIds[i];
            double v = in[i];
            out[i] = g >= 0 && Double.isFinite(v)
                    ? finiteOrNaN((v - ref[g]) - shift[g]) : Double.NaN;
        }
    }

    private static int firstPresent(double[] in, int n) {
        int i = 0;
        while (i < n && !Double.isFinite(in[i])) {
            i++;
        }
        return i;
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
