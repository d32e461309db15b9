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

    /** How many key bits rank radix-sorts on (three byte digits), from the highest that varies. */
    private static final int SORTED_BITS = 24;

    /** Groups of keys tied on the sorted bits up to this size are insertion-sorted by value. */
    private static final int SMALL_GROUP = 16;

    private CrossSectionKernels() {
    }

    /** Scratch arrays of {@link #rank}, reusable from one cross-section to the next (one thread). */
    static final class RankScratch {
        private final long[] keys;
        private final long[] buffer;
        private final int[] start = new int[257];

        RankScratch(int n) {
            keys = new long[n];
            buffer = new long[n];
        }
    }

    /**
     * {@code rank(x)}: average 1-based rank of ties (exact equality) among the present values,
     * divided by their count, in (0, 1]. O(n log n).
     *
     * <p>Each present value becomes one long: its order-preserving 64-bit key with the lowest bits
     * replaced by the symbol index. The longs are radix-sorted (byte digits) on the
     * {@value #SORTED_BITS} key bits from the highest one that differs between them (the bits above
     * are shared by all keys): three passes, where sorting the whole key would take up to seven.
     * Values that agree on those bits land next to each other and are put in exact order
     * afterwards.
     */
    static void rank(double[] in, double[] out, int n) {
        rank(in, out, n, new RankScratch(n));
    }

    /** {@link #rank(double[], double[], int)} with scratch arrays for at least n values. */
    static void rank(double[] in, double[] out, int n, RankScratch scratch) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1));
        long mask = (1L << bits) - 1;
        long[] keys = scratch.keys;
        int count = 0;
        long or = 0;
        long and = -1;
        for (int i = 0; i < n; i++) {
            double v = in[i];
            if (Double.isFinite(v)) {
                long key = (sortKey(v) & ~mask) | i;
                keys[count++] = key;
                or |= key;
                and &= key;
            } else {
                out[i] = Double.NaN;
            }
        }
        long varying = (or ^ and) & ~mask;
        int low = Math.max(bits, 63 - Long.numberOfLeadingZeros(varying) - (SORTED_BITS - 1));
        radixSort(keys, scratch.buffer, scratch.start, count, varying, low);
        if (!ordered(keys, count, in, mask)) {
            orderGroups(keys, count, in, bits, low);
        }
        // Runs of equal values share the average of their ranks r+1 .. q (in may be out: every
        // value is read before its own slot is written). The average rank (r+1+q)/2 is exact; one
        // rounding in the division, as pandas' pct rank, so that equal inputs rank bit-identically
        // across implementations.
        int r = 0;
        while (r < count) {
            double v = in[(int) (keys[r] & mask)];
            int q = r + 1;
            while (q < count && in[(int) (keys[q] & mask)] == v) {
                q++;
            }
            double rank = ((r + 1 + q) * 0.5) / count;
            for (int k = r; k < q; k++) {
                out[(int) (keys[k] & mask)] = rank;
            }
            r = q;
        }
    }

    /**
     * LSD radix sort of keys[0, count) as signed longs on the byte digits from bit {@code low} up
     * to bit low + {@value #SORTED_BITS} - 1, skipping digits where no key differs.
     */
    private static void radixSort(long[] keys, long[] buffer, int[] start, int count, long varying,
                                  int low) {
        long[] src = keys;
        long[] dst = buffer;
        for (int shift = low; shift < Math.min(64, low + SORTED_BITS); shift += 8) {
            if ((varying >>> shift & 0xFF) == 0) {
                continue; // every key has the same digit here
            }
            Arrays.fill(start, 0);
            for (int i = 0; i < count; i++) {
                start[digit(src[i], shift) + 1]++;
            }
            for (int b = 1; b < 256; b++) {
                start[b] += start[b - 1];
            }
            for (int i = 0; i < count; i++) {
                long k = src[i];
                dst[start[digit(k, shift)]++] = k;
            }
            long[] swap = src;
            src = dst;
            dst = swap;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, count);
        }
    }

    /** The key's byte at {@code shift}, sign bit flipped so that unsigned digit order is signed. */
    private static int digit(long key, int shift) {
        return (int) ((key ^ Long.MIN_VALUE) >>> shift) & 0xFF;
    }

    /** A long whose signed order is the numeric order of finite doubles (-0.0 equals 0.0). */
    private static long sortKey(double v) {
        long bits = Double.doubleToRawLongBits(v + 0.0); // + 0.0 turns -0.0 into 0.0
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** Whether the values keys[0, count) index are in non-decreasing order. */
    private static boolean ordered(long[] keys, int count, double[] in, long mask) {
        for (int r = 1; r < count; r++) {
            if (in[(int) (keys[r] & mask)] < in[(int) (keys[r - 1] & mask)]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts keys[0, count), sorted on the key bits from {@code low} up, in exact order: only values
     * that agree on those bits can be out of order.
     */
    private static void orderGroups(long[] keys, int count, double[] in, int bits, int low) {
        for (int g = 1; g < count; g++) {
            if ((keys[g] ^ keys[g - 1]) >>> low == 0) {
                int h = g + 1;
                while (h < count && (keys[h] ^ keys[g - 1]) >>> low == 0) {
                    h++;
                }
                sortGroup(keys, g - 1, h, in, bits, low);
                g = h;
            }
        }
    }

    /**
     * Puts keys[from, to), which agree on the key bits from {@code low} up, in the order of the
     * values their low {@code bits} index. A large group is first sorted on the key bits below
     * {@code low} (as many as fit above the index), so the insertion sort that makes the order
     * exact runs over nearly sorted keys.
     */
    private static void sortGroup(long[] keys, int from, int to, double[] in, int bits, int low) {
        long mask = (1L << bits) - 1;
        if (to - from > SMALL_GROUP) {
            int drop = Math.max(0, low - (63 - bits));
            long lowBits = (1L << low) - 1;
            for (int k = from; k < to; k++) {
                long index = keys[k] & mask;
                keys[k] = ((sortKey(in[(int) index]) & lowBits) >>> drop) << bits | index;
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
