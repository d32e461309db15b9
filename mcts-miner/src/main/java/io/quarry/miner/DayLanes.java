package io.quarry.miner;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TrainingPool}'s loops over its symbol-major cells ({@code s * days + d}) in SIMD lanes of
 * days, through the JDK's incubating Vector API. A lane is a day and adds its terms symbol after
 * symbol, each term computed and rounded as in the scalar loop (a multiplication then an addition:
 * Java does not fuse them), and a lane whose cell is absent adds nothing (a masked addition), so
 * every per-day sum has the scalar loop's bits. Each method covers the days of whole vectors,
 * {@code [0, wholeDays(days))}, and leaves the rest to the scalar loops.
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * ({@link TrainingPool#VECTOR_API}).
 */
final class DayLanes {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Symbols {@link #tiles} copies at one vector of days before moving to the next. */
    private static final int SYMBOL_BLOCK = 8;
    /** A double whose bits are the long 1: a lane of it, seen as a long and narrowed to a byte, is true. */
    private static final double TRUE_BITS = Double.longBitsToDouble(1L);
    /**
     * Bytes, one per lane of {@link #SPECIES}, for {@link #storeMask}; null where there is no byte
     * vector that short (fewer than 8 lanes).
     */
    private static final VectorSpecies<Byte> LANE_BYTES = SPECIES.length() >= 8
            ? ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(SPECIES.length() * 8)).check(byte.class)
            : null;

    private DayLanes() {
    }

    /** The days the methods cover: the largest multiple of the lane count not above {@code days}. */
    static int wholeDays(int days) {
        return SPECIES.loopBound(days);
    }

    /**
     * Pass one of {@link TrainingPool#prepare} for candidates whose scoring days are the
     * consecutive rows from {@code firstRow}: copies the values into {@code z}, marks the cells
     * where they and the label are present, and counts them per day ({@code n}, {@code sum}, the
     * first value and how many differ from it). {@code labelGate} is 0 where the label is known and
     * NaN elsewhere.
     *
     * <p>No mask reaches the heap: in JDK 17 {@code VectorMask.intoArray} boxes its mask (an object
     * and a boolean[8] per vector: 57% of the bytes a search allocated, about 1 MB per candidate,
     * in memory the kernel zeroes page by page when the heap has grown), and {@code VectorMask.and},
     * {@code or} and {@code andNot} box theirs where C2 compiled them without the call site's type
     * profile. So the masks combine by blending, and the present cells are stored as the bytes of
     * a blended vector ({@link #storeMask}).
     */
    static void gatherAndCount(double[] values, int rows, int firstRow, double[] labelGate, double[] z,
                               boolean[] present, double[] n, double[] sum, double[] first, double[] differing,
                               int symbols, int days) {
        int whole = wholeDays(days);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector nan = DoubleVector.broadcast(SPECIES, Double.NaN);
        for (int s = 0; s < symbols; s++) {
            int base = s * days;
            int from = s * rows + firstRow;
            for (int d = 0; d < whole; d += SPECIES.length()) {
                DoubleVector v = DoubleVector.fromArray(SPECIES, values, from + d);
                v.intoArray(z, base + d);
                DoubleVector gated = v.add(DoubleVector.fromArray(SPECIES, labelGate, base + d));
                VectorMask<Double> known = gated.compare(VectorOperators.EQ, gated);
                storeMask(known, zero, present, base + d);
                // 0 where known, NaN elsewhere: added to a lane, it fails every comparison below.
                DoubleVector unknown = nan.blend(zero, known);
                DoubleVector count = DoubleVector.fromArray(SPECIES, n, d);
                DoubleVector firstValue = DoubleVector.fromArray(SPECIES, first, d);
                VectorMask<Double> opens = count.add(unknown).compare(VectorOperators.EQ, 0.0);
                // The count where the value differs from the day's first, 0 where it does not:
                // positive where a known value differs from a first already set.
                VectorMask<Double> differs = zero.blend(count, v.compare(VectorOperators.NE, firstValue))
                        .add(unknown).compare(VectorOperators.GT, 0.0);
                firstValue.blend(v, opens).intoArray(first, d);
                DoubleVector.fromArray(SPECIES, differing, d).add(1.0, differs).intoArray(differing, d);
                count.add(1.0, known).intoArray(n, d);
                DoubleVector.fromArray(SPECIES, sum, d).add(v, known).intoArray(sum, d);
            }
        }
    }

    /**
     * {@code mask.intoArray(array, offset)} without boxing the mask: its lanes as the low bytes of
     * longs (1 or 0), narrowed to bytes. {@code zero} is the zero vector.
     */
    private static void storeMask(VectorMask<Double> mask, DoubleVector zero, boolean[] array, int offset) {
        if (LANE_BYTES == null) {
            mask.intoArray(array, offset);
            return;
        }
        ((ByteVector) zero.blend(TRUE_BITS, mask).viewAsIntegralLanes()
                .convertShape(VectorOperators.L2B, LANE_BYTES, 0))
                .intoBooleanArray(array, offset);
    }

    /** {@code ss[d] += (raw - mean[d])^2} over the present cells. */
    static void squaredDeviations(double[] raw, boolean[] present, double[] mean, double[] ss, int symbols,
                                  int days) {
        int whole = wholeDays(days);
        for (int s = 0; s < symbols; s++) {
            int base = s * days;
            for (int d = 0; d < whole; d += SPECIES.length()) {
                VectorMask<Double> known = VectorMask.fromArray(SPECIES, present, base + d);
                DoubleVector dx = DoubleVector.fromArray(SPECIES, raw, base + d)
                        .sub(DoubleVector.fromArray(SPECIES, mean, d));
                DoubleVector.fromArray(SPECIES, ss, d).add(dx.mul(dx), known).intoArray(ss, d);
            }
        }
    }

    /**
     * Pass three of {@link TrainingPool#prepare}: each present cell's z-score {@code (z - mean) /
     * sd} (0 on a day whose sd is 0) in place, 0 in the absent cells, and per day the sums of the
     * z-scores, of their squares and of their products with the label.
     */
    static void zScores(double[] z, boolean[] present, double[] mean, double[] sd, double[] label,
                        double[] labelDot, double[] sum, double[] selfDay, int symbols, int days) {
        int whole = wholeDays(days);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int s = 0; s < symbols; s++) {
            int base = s * days;
            for (int d = 0; d < whole; d += SPECIES.length()) {
                VectorMask<Double> known = VectorMask.fromArray(SPECIES, present, base + d);
                DoubleVector deviation = DoubleVector.fromArray(SPECIES, sd, d);
                DoubleVector scaled = DoubleVector.fromArray(SPECIES, z, base + d)
                        .sub(DoubleVector.fromArray(SPECIES, mean, d)).div(deviation);
                DoubleVector v = zero.blend(zero.blend(scaled, known), deviation.compare(VectorOperators.GT, 0.0));
                v.intoArray(z, base + d);
                DoubleVector.fromArray(SPECIES, labelDot, d)
                        .add(v.mul(DoubleVector.fromArray(SPECIES, label, base + d)), known).intoArray(labelDot, d);
                DoubleVector.fromArray(SPECIES, sum, d).add(v, known).intoArray(sum, d);
                DoubleVector.fromArray(SPECIES, selfDay, d).add(v.mul(v), known).intoArray(selfDay, d);
            }
        }
    }

    /**
     * Copies the symbol-major z-scores of the days of whole vectors into {@code tiles}
     * ({@link #tile}), a block of symbols at a time so that each tile is written a run of
     * consecutive vectors at a time.
     */
    static void tiles(double[] z, double[] tiles, int symbols, int days) {
        int whole = wholeDays(days);
        for (int s0 = 0; s0 < symbols; s0 += SYMBOL_BLOCK) {
            int s1 = Math.min(symbols, s0 + SYMBOL_BLOCK);
            for (int d = 0; d < whole; d += SPECIES.length()) {
                for (int s = s0, to = tile(d, s0, symbols); s < s1; s++, to += SPECIES.length()) {
                    DoubleVector.fromArray(SPECIES, z, s * days + d).intoArray(tiles, to);
                }
            }
        }
    }

    /** Days per vector. */
    static int lanes() {
        return SPECIES.length();
    }

    /** Cells a tiled copy of z-scores over {@code days} holds: the days of whole vectors, for every symbol. */
    static int tileCells(int symbols, int days) {
        return wholeDays(days) * symbols;
    }

    /**
     * Where the vector of days {@code [d, d + lanes)} of symbol {@code s} starts in a tiled copy: the
     * tile of those days holds every symbol's vector in symbol order, so that a loop over symbols at
     * fixed days reads consecutive memory (the symbol-major layout puts them a row of days apart).
     */
    static int tile(int d, int s, int symbols) {
        return d * symbols + s * SPECIES.length();
    }

    /**
     * {@code acc0[mi + q][d..] += sum_s c0 m_q} and {@code acc1[mi + q][d..] += sum_s c1 m_q} for
     * q = 0..3 over symbols [s0, s1), s ascending, on the days of the vector at {@code d}: two
     * candidates by four members keep eight sums in registers across the symbols. The arrays are
     * tiled copies ({@link #tile}).
     */
    static void twoByFour(double[] c0, double[] c1, double[] m0, double[] m1, double[] m2, double[] m3,
                          double[][] acc0, double[][] acc1, int mi, int d, int s0, int s1, int symbols) {
        double[] a00 = acc0[mi];
        double[] a01 = acc0[mi + 1];
        double[] a02 = acc0[mi + 2];
        double[] a03 = acc0[mi + 3];
        double[] a10 = acc1[mi];
        double[] a11 = acc1[mi + 1];
        double[] a12 = acc1[mi + 2];
        double[] a13 = acc1[mi + 3];
        DoubleVector x00 = DoubleVector.fromArray(SPECIES, a00, d);
        DoubleVector x01 = DoubleVector.fromArray(SPECIES, a01, d);
        DoubleVector x02 = DoubleVector.fromArray(SPECIES, a02, d);
        DoubleVector x03 = DoubleVector.fromArray(SPECIES, a03, d);
        DoubleVector x10 = DoubleVector.fromArray(SPECIES, a10, d);
        DoubleVector x11 = DoubleVector.fromArray(SPECIES, a11, d);
        DoubleVector x12 = DoubleVector.fromArray(SPECIES, a12, d);
        DoubleVector x13 = DoubleVector.fromArray(SPECIES, a13, d);
        int lanes = SPECIES.length();
        for (int cell = tile(d, s0, symbols), end = tile(d, s1, symbols); cell < end; cell += lanes) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, c0, cell);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, c1, cell);
            DoubleVector w = DoubleVector.fromArray(SPECIES, m0, cell);
            x00 = x00.add(v0.mul(w));
            x10 = x10.add(v1.mul(w));
            w = DoubleVector.fromArray(SPECIES, m1, cell);
            x01 = x01.add(v0.mul(w));
            x11 = x11.add(v1.mul(w));
            w = DoubleVector.fromArray(SPECIES, m2, cell);
            x02 = x02.add(v0.mul(w));
            x12 = x12.add(v1.mul(w));
            w = DoubleVector.fromArray(SPECIES, m3, cell);
            x03 = x03.add(v0.mul(w));
            x13 = x13.add(v1.mul(w));
        }
        x00.intoArray(a00, d);
        x01.intoArray(a01, d);
        x02.intoArray(a02, d);
        x03.intoArray(a03, d);
        x10.intoArray(a10, d);
        x11.intoArray(a11, d);
        x12.intoArray(a12, d);
        x13.intoArray(a13, d);
    }

    /** {@link #twoByFour} for one candidate. */
    static void oneByFour(double[] c0, double[] m0, double[] m1, double[] m2, double[] m3, double[][] acc0,
                          int mi, int d, int s0, int s1, int symbols) {
        double[] a00 = acc0[mi];
        double[] a01 = acc0[mi + 1];
        double[] a02 = acc0[mi + 2];
        double[] a03 = acc0[mi + 3];
        DoubleVector x00 = DoubleVector.fromArray(SPECIES, a00, d);
        DoubleVector x01 = DoubleVector.fromArray(SPECIES, a01, d);
        DoubleVector x02 = DoubleVector.fromArray(SPECIES, a02, d);
        DoubleVector x03 = DoubleVector.fromArray(SPECIES, a03, d);
        int lanes = SPECIES.length();
        for (int cell = tile(d, s0, symbols), end = tile(d, s1, symbols); cell < end; cell += lanes) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, c0, cell);
            x00 = x00.add(v0.mul(DoubleVector.fromArray(SPECIES, m0, cell)));
            x01 = x01.add(v0.mul(DoubleVector.fromArray(SPECIES, m1, cell)));
            x02 = x02.add(v0.mul(DoubleVector.fromArray(SPECIES, m2, cell)));
            x03 = x03.add(v0.mul(DoubleVector.fromArray(SPECIES, m3, cell)));
        }
        x00.intoArray(a00, d);
        x01.intoArray(a01, d);
        x02.intoArray(a02, d);
        x03.intoArray(a03, d);
    }
}
