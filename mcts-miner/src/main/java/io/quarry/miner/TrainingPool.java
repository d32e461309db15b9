package io.quarry.miner;

import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.AlphaPool;
import io.quarry.evaluator.NormalEquations;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@link AlphaPool}'s rules and numbers, computed from per-day sufficient statistics so that a
 * candidate costs one pass over its own values plus K per-day dot products, instead of rebuilding
 * the combined signal of the whole pool.
 *
 * <p>What makes it possible: a member's z-scores are 0 off the cells where it and the label are
 * present, and the combination {@code c = sum_i w_i z_i} is defined on the union U_d of those
 * cells. So on each day d, {@code sum c y}, {@code sum c} and {@code sum c^2} over U_d are
 * {@code sum_i w_i a_id}, {@code sum_i w_i b_id} and {@code w' G_d w}, with {@code a_id = sum z_i y},
 * {@code b_id = sum z_i} and {@code G_d} the day's Gram matrix of the members' z-scores, none of
 * which depends on U_d; only the label's count, sum and sum of squares over U_d do, and those take
 * one pass over the cells. The day's Pearson correlation follows, the IC is their mean. Admission
 * (same name, no variation, |correlation| above {@link AlphaPool#MAX_CORRELATION}, smallest weight
 * in a full pool) and the least-squares fit on the z-scored label are AlphaPool's, on the same Gram
 * matrix. Results agree with AlphaPool within rounding (1e-9, tested). One rule is added: a
 * candidate that varies across symbols on fewer than half of the days is rejected. Days where an
 * alpha is constant drop out of its IC, so a formula that is constant except on a few outlier days
 * (a price jump of 50%, say) gets the mean of those few days' correlations: the search found such
 * formulas with an "IC" of 0.2 (the Scorer's composite excludes them by the same rule).
 *
 * <p>Layout: values on the scoring days, symbol-major ({@code s * days + d}). Not thread-safe for
 * {@link #commit}; {@link #prepare}, {@link #release}, {@link #crossDays} and {@link #trial} may
 * run on several threads. Every sum runs in a fixed order (per day, symbols ascending), whatever
 * the threads and the blocking: the same data give the same bits.
 */
final class TrainingPool {

    static final int MIN_PAIRS = RangeScores.MIN_PAIRS;
    /** Symbols per block of the batched cross products: every candidate of a thread reuses the members' block. */
    private static final int SYMBOL_BLOCK = 8;
    /**
     * {@link #SYMBOL_BLOCK} for the SIMD loops, which hold two candidates' and four members' sums
     * in registers across the block's symbols at one vector of days (stand-alone, 16 candidates by
     * 20 members, 499 symbols x 624 days: 0.62 ms per candidate with 48, 0.66 with 32, 0.77 with
     * 64, 0.86 with 16; 1.6-1.9 over the symbol-major layout, 2.4-2.8 for the scalar loops).
     */
    private static final int LANE_SYMBOL_BLOCK = 48;
    /**
     * Whether this JVM resolved the Vector API's incubator module ({@code --add-modules
     * jdk.incubator.vector}), so that {@link DayLanes} can load.
     */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /**
     * Cells times candidates from which the SIMD loops pay for their warm-up: until C2 has compiled
     * them, the Vector API's loops run far slower than scalar ones (a search of 300 candidates on
     * the bundled sample took 4.1 s with them against 2.2 s; 1,000 on the shared panel's training
     * range, 310k cells, took as long in all and searched slower with them, 5,000 ~11% faster).
     */
    private static final long LANES_PAY_FROM = 500_000_000L;
    /** Released candidates kept for reuse: a batch's worth. */
    private static final int MAX_SPARES = 64;

    /**
     * A candidate's statistics, independent of the pool. {@code tiles} is a copy of the z-scores on
     * the days of whole SIMD vectors in {@link DayLanes#tile} order, for the cross products; null
     * for a pool without lanes.
     */
    record Prepared(String name, double[] z, double[] tiles, boolean[] present, double[] labelDot, double[] sum,
                    double[] selfDay, double self, double labelZDot) {

        /** Days on which it varies across symbols. */
        int varyingDays() {
            int n = 0;
            for (double v : selfDay) {
                n += v > 0 ? 1 : 0;
            }
            return n;
        }
    }

    /** The outcome of offering a candidate to this pool. */
    record Trial(Prepared candidate, boolean accepted, int evicted, double[] weights, double ic, double[][] crossDay) {
    }

    private record Member(Prepared stats) {
    }

    private final int rows;
    private final int symbols;
    private final int days;
    private final int[] dayRows;
    private final double[] label;
    /** Where the label is known (not NaN). */
    private final boolean[] labelKnown;
    /** 0 where the label is known, NaN elsewhere, for {@link DayLanes#gatherAndCount}; null without lanes. */
    private final double[] labelGate;
    private final double[] labelZ;
    private final int capacity;
    private final boolean simd;
    /** Whether the scoring days are consecutive panel rows, as {@link DayLanes#gatherAndCount} needs. */
    private final boolean consecutiveDays;
    private final List<Member> members = new ArrayList<>();
    /** {@code gramDay.get(i).get(j)[d] = sum_s z_i z_j} on day d. */
    private final List<List<double[]>> gramDay = new ArrayList<>();
    private final int[] coverage;
    /**
     * Per day, the count, sum and sum of squares of the label over all its known cells, in symbol
     * order: {@link #icOf}'s label statistics when the pool covers every such cell.
     */
    private final double[] knownN;
    private final double[] knownSum;
    private final double[] knownSquares;
    /** Per day, the known label cells that fewer than two members cover, and that none covers. */
    private final int[] thinCells;
    private final int[] bareCells;
    private double[] weights = new double[0];
    private double ic = Double.NaN;
    /**
     * Candidates released after their trial, whose arrays {@link #prepare} overwrites: it writes
     * every cell. Reusing them keeps the batch's 2.5 MB arrays out of the young collections.
     */
    private final ArrayDeque<Prepared> spares = new ArrayDeque<>();

    /**
     * Whether a search that offers about {@code candidates} candidates to a pool over {@code cells}
     * cells should run it in SIMD lanes: the JVM has the Vector API, and the work is large enough
     * for the lanes to pay for their warm-up.
     */
    static boolean lanesPay(long cells, long candidates) {
        return VECTOR_API && cells * candidates >= LANES_PAY_FROM;
    }

    /** The pool over the scoring days among the panel rows {@code [0, end)} (next-day return label). */
    TrainingPool(Panel panel, int end, int capacity) {
        this(panel, 0, end, capacity);
    }

    /** The pool over the scoring days among the panel rows {@code [first, end)}, in scalar loops. */
    TrainingPool(Panel panel, int first, int end, int capacity) {
        this(panel, first, end, capacity, false);
    }

    /**
     * {@link #TrainingPool(Panel, int, int, int)} with its loops over the cells ({@link #prepare},
     * {@link #crossDays}) in SIMD lanes ({@link DayLanes}) or not: the same bits either way;
     * {@code simd} needs {@link #VECTOR_API}.
     */
    TrainingPool(Panel panel, int first, int end, int capacity, boolean simd) {
        if (simd && !VECTOR_API) {
            throw new IllegalStateException("SIMD lanes need the JVM option --add-modules jdk.incubator.vector");
        }
        this.simd = simd;
        this.rows = panel.rows();
        this.symbols = panel.symbolCount();
        this.capacity = capacity;
        double[] close = panel.values("close");
        boolean[] bar = panel.barMask();
        int[] scoring = new int[Math.max(0, end - first)];
        int count = 0;
        for (int t = first; t < end && t + 1 < rows; t++) {
            int known = 0;
            for (int s = 0; s < symbols; s++) {
                known += Double.isNaN(labelAt(close, bar, s, t)) ? 0 : 1;
            }
            if (known >= MIN_PAIRS) {
                scoring[count++] = t;
            }
        }
        this.dayRows = Arrays.copyOf(scoring, count);
        this.days = count;
        this.consecutiveDays = count > 0 && dayRows[count - 1] - dayRows[0] == count - 1;
        if (days == 0) {
            throw new IllegalArgumentException("no day of the range has a next-day return for " + MIN_PAIRS + " symbols");
        }
        this.label = new double[symbols * days];
        for (int s = 0; s < symbols; s++) {
            for (int d = 0; d < days; d++) {
                label[s * days + d] = labelAt(close, bar, s, dayRows[d]);
            }
        }
        this.labelKnown = new boolean[label.length];
        for (int i = 0; i < label.length; i++) {
            labelKnown[i] = !Double.isNaN(label[i]);
        }
        this.labelGate = simd ? new double[label.length] : null;
        if (simd) {
            for (int i = 0; i < label.length; i++) {
                labelGate[i] = labelKnown[i] ? 0 : Double.NaN;
            }
        }
        DayCounts labelCounts = new DayCounts(days);
        this.knownSquares = new double[days];
        for (int s = 0; s < symbols; s++) {
            for (int d = 0; d < days; d++) {
                int cell = s * days + d;
                if (labelKnown[cell]) {
                    double y = label[cell];
                    labelCounts.add(d, y);
                    knownSquares[d] += y * y;
                }
            }
        }
        this.knownN = labelCounts.n;
        this.knownSum = labelCounts.sum;
        this.labelZ = labelZScores(labelCounts);
        this.coverage = new int[symbols * days];
        this.thinCells = new int[days];
        this.bareCells = new int[days];
        countThinCells();
    }

    private double labelAt(double[] close, boolean[] bar, int s, int t) {
        if (!bar[s * rows + t]) {
            return Double.NaN;
        }
        double r = close[s * rows + t + 1] / close[s * rows + t] - 1;
        return Double.isFinite(r) ? r : Double.NaN;
    }

    int size() {
        return members.size();
    }

    /** Scoring days of the range. */
    int days() {
        return days;
    }

    List<String> members() {
        return members.stream().map(m -> m.stats.name()).toList();
    }

    double[] weights() {
        return weights.clone();
    }

    /** The pool's IC on the training days; NaN when empty. */
    double ic() {
        return ic;
    }

    /** The IC a candidate must raise to be worth adding: the pool's, or 0 when it has none. */
    double icToBeat() {
        return members.isEmpty() || Double.isNaN(ic) ? 0 : ic;
    }

    /**
     * A candidate's statistics from its symbol-major values over the panel's rows: its z-scores
     * ({@link #dayScale}'s rule, 0 where it or the label is missing) and their per-day sums against
     * the label. Three passes over the cells (gather and count, squared deviations, z-scores and
     * sums), in SIMD lanes of days where the pool has them, then one for the sum against the
     * label's z-scores over all cells, a single chain of additions in cell order.
     */
    Prepared prepare(String name, double[] values) {
        double[] z;
        double[] tiles;
        boolean[] present;
        // The days the lanes cover; the loops below do the others.
        int laneDays = simd ? DayLanes.wholeDays(days) : 0;
        synchronized (spares) {
            Prepared spare = spares.poll();
            z = spare != null ? spare.z() : new double[symbols * days];
            present = spare != null ? spare.present() : new boolean[symbols * days];
            tiles = spare != null ? spare.tiles() : laneDays > 0 ? new double[DayLanes.tileCells(symbols, days)] : null;
        }
        DayCounts counts = new DayCounts(days);
        if (laneDays > 0 && consecutiveDays) {
            DayLanes.gatherAndCount(values, rows, dayRows[0], labelGate, z, present, counts.n, counts.sum,
                    counts.first, counts.differing, symbols, days);
        }
        int gathered = consecutiveDays ? laneDays : 0;
        for (int s = 0; s < symbols; s++) {
            int base = s * days;
            int from = s * rows;
            for (int d = gathered; d < days; d++) {
                double v = values[from + dayRows[d]];
                z[base + d] = v;
                boolean known = labelKnown[base + d] && !Double.isNaN(v);
                present[base + d] = known;
                if (known) {
                    counts.add(d, v);
                }
            }
        }
        double[][] scale = dayScale(z, present, counts);
        double[] mean = scale[0];
        double[] sd = scale[1];
        double[] labelDot = new double[days];
        double[] sum = new double[days];
        double[] selfDay = new double[days];
        if (laneDays > 0) {
            DayLanes.zScores(z, present, mean, sd, label, labelDot, sum, selfDay, symbols, days);
            DayLanes.tiles(z, tiles, symbols, days);
        }
        for (int s = 0; s < symbols; s++) {
            int base = s * days;
            for (int d = laneDays; d < days; d++) {
                int cell = base + d;
                if (present[cell]) {
                    double v = sd[d] > 0 ? (z[cell] - mean[d]) / sd[d] : 0;
                    z[cell] = v;
                    labelDot[d] += v * label[cell];
                    sum[d] += v;
                    selfDay[d] += v * v;
                } else {
                    z[cell] = 0;
                }
            }
        }
        // Every cell, without a branch: z is +0.0 off the present cells and labelZ is finite, so a
        // product there is a zero, which leaves a sum that started at +0.0 as it is.
        double labelZDot = 0;
        for (int cell = 0; cell < z.length; cell++) {
            labelZDot += z[cell] * labelZ[cell];
        }
        double self = 0;
        for (double v : selfDay) {
            self += v;
        }
        return new Prepared(name, z, tiles, present, labelDot, sum, selfDay, self, labelZDot);
    }

    /** The label's z-scores ({@link #dayScale}'s rule, 0 where it is missing), from its counts. */
    private double[] labelZScores(DayCounts counts) {
        double[][] scale = dayScale(label, labelKnown, counts);
        double[] z = new double[label.length];
        for (int s = 0; s < symbols; s++) {
            int base = s * days;
            for (int d = 0; d < days; d++) {
                if (labelKnown[base + d] && scale[1][d] > 0) {
                    z[base + d] = (label[base + d] - scale[0][d]) / scale[1][d];
                }
            }
        }
        return z;
    }

    /**
     * Per day, the count, sum and first of the present values, and how many differ from the first.
     * The counts are doubles (exact) so that SIMD lanes add to them.
     */
    private static final class DayCounts {
        final double[] n;
        final double[] sum;
        final double[] first;
        final double[] differing;

        DayCounts(int days) {
            n = new double[days];
            sum = new double[days];
            first = new double[days];
            differing = new double[days];
        }

        void add(int d, double v) {
            if (n[d] == 0) {
                first[d] = v;
            } else if (v != first[d]) {
                differing[d]++;
            }
            n[d]++;
            sum[d] += v;
        }
    }

    /**
     * Per day, the mean and the standard deviation (two-pass, ddof 1) of the present cells, as
     * {@code {mean, sd}}, from their counts; sd is 0 on a day with fewer than MIN_PAIRS of them or
     * where they are constant: AlphaPool's rule for z-scores.
     */
    private double[][] dayScale(double[] raw, boolean[] present, DayCounts counts) {
        double[] mean = new double[days];
        double[] ss = new double[days];
        for (int d = 0; d < days; d++) {
            mean[d] = counts.sum[d] / counts.n[d];
        }
        int laneDays = simd ? DayLanes.wholeDays(days) : 0;
        if (laneDays > 0) {
            DayLanes.squaredDeviations(raw, present, mean, ss, symbols, days);
        }
        for (int s = 0; s < symbols; s++) {
            int base = s * days;
            for (int d = laneDays; d < days; d++) {
                if (present[base + d]) {
                    double dx = raw[base + d] - mean[d];
                    ss[d] += dx * dx;
                }
            }
        }
        double[] sd = new double[days];
        for (int d = 0; d < days; d++) {
            double n = counts.n[d];
            sd[d] = n >= MIN_PAIRS && counts.differing[d] > 0 ? Math.sqrt(ss[d] / (n - 1)) : 0;
        }
        return new double[][] {mean, sd};
    }

    /**
     * Gives a candidate's arrays to the next {@link #prepare}: the caller must not use it, nor any
     * trial of it, again, and it must not be a member.
     */
    void release(Prepared c) {
        synchronized (spares) {
            if (spares.size() < MAX_SPARES) {
                spares.push(c);
            }
        }
    }

    /**
     * Per candidate, per member, per day {@code sum_s z_candidate z_member}. Candidates are split
     * among at most {@code parallelism} threads; each candidate's sums run in the same order whatever
     * the split and whether SIMD lanes compute them.
     */
    double[][][] crossDays(List<Prepared> candidates, int parallelism) {
        double[][][] out = new double[candidates.size()][members.size()][days];
        int threads = Math.max(1, Math.min(candidates.size(), parallelism));
        Indices.range(threads, threads).forEach(t -> {
            int from = candidates.size() * t / threads;
            int to = candidates.size() * (t + 1) / threads;
            if (simd) {
                crossLanes(candidates, from, to, out);
            } else {
                for (int s0 = 0; s0 < symbols; s0 += SYMBOL_BLOCK) {
                    int s1 = Math.min(symbols, s0 + SYMBOL_BLOCK);
                    for (int j = from; j < to; j++) {
                        accumulateMembers(candidates.get(j).z(), 0, members.size(), 0, out[j], s0, s1);
                    }
                }
            }
        });
        return out;
    }

    /**
     * {@link #crossDays} of candidates [from, to) through {@link DayLanes}: members four at a time,
     * candidates two at a time, over the days of whole vectors, one vector of days and a block of
     * symbols at a time from the tiled copies, so that a block of every candidate and member stays
     * in the core's cache while it is used; then the other days, and the members past the last four,
     * in the scalar loops.
     */
    private void crossLanes(List<Prepared> candidates, int from, int to, double[][][] out) {
        int quads = members.size() / 4 * 4;
        int whole = quads > 0 ? DayLanes.wholeDays(days) : 0;
        for (int d = 0; d < whole; d += DayLanes.lanes()) {
            for (int s0 = 0; s0 < symbols; s0 += LANE_SYMBOL_BLOCK) {
                int s1 = Math.min(symbols, s0 + LANE_SYMBOL_BLOCK);
                for (int i = 0; i < quads; i += 4) {
                    double[] m0 = members.get(i).stats.tiles();
                    double[] m1 = members.get(i + 1).stats.tiles();
                    double[] m2 = members.get(i + 2).stats.tiles();
                    double[] m3 = members.get(i + 3).stats.tiles();
                    int j = from;
                    for (; j + 1 < to; j += 2) {
                        DayLanes.twoByFour(candidates.get(j).tiles(), candidates.get(j + 1).tiles(), m0, m1, m2, m3,
                                out[j], out[j + 1], i, d, s0, s1, symbols);
                    }
                    if (j < to) {
                        DayLanes.oneByFour(candidates.get(j).tiles(), m0, m1, m2, m3, out[j], i, d, s0, s1, symbols);
                    }
                }
            }
        }
        for (int s0 = 0; s0 < symbols; s0 += SYMBOL_BLOCK) {
            int s1 = Math.min(symbols, s0 + SYMBOL_BLOCK);
            for (int j = from; j < to; j++) {
                accumulateMembers(candidates.get(j).z(), 0, quads, whole, out[j], s0, s1);
                accumulateMembers(candidates.get(j).z(), quads, members.size(), 0, out[j], s0, s1);
            }
        }
    }

    /**
     * {@code acc[i][d] += sum_s zc m_i} over symbols [s0, s1) for the members [first, end) and the
     * days from {@code firstDay} on.
     */
    private void accumulateMembers(double[] zc, int first, int end, int firstDay, double[][] acc, int s0, int s1) {
        int i = first;
        for (; i + 1 < end; i += 2) {
            accumulate(zc, members.get(i).stats.z(), members.get(i + 1).stats.z(), acc[i], acc[i + 1], s0, s1,
                    firstDay);
        }
        if (i < end) {
            accumulate(zc, members.get(i).stats.z(), acc[i], s0, s1, firstDay);
        }
    }

    /** Per day {@code sum_s a b} over the cells of two prepared z-score arrays (s ascending). */
    double[] dayDots(double[] a, double[] b) {
        double[] out = new double[days];
        accumulate(a, b, out, 0, symbols, 0);
        return out;
    }

    /**
     * {@code acc0[d] += sum_s zc m0} and {@code acc1[d] += sum_s zc m1} over symbols
     * {@code [s0, s1)} and the days from {@code firstDay} on, s ascending for every day (the same
     * sums, bit for bit, as one symbol at a time). Four symbols per pass keep the running sums in
     * registers and each candidate value serves both members: the loop is bound by loads, not
     * arithmetic.
     */
    private void accumulate(double[] zc, double[] m0, double[] m1, double[] acc0, double[] acc1, int s0, int s1,
                            int firstDay) {
        int s = s0;
        for (; s + 4 <= s1; s += 4) {
            int b0 = s * days;
            int b1 = b0 + days;
            int b2 = b1 + days;
            int b3 = b2 + days;
            for (int d = firstDay; d < days; d++) {
                double c0 = zc[b0 + d];
                double c1 = zc[b1 + d];
                double c2 = zc[b2 + d];
                double c3 = zc[b3 + d];
                double x = acc0[d];
                x += c0 * m0[b0 + d];
                x += c1 * m0[b1 + d];
                x += c2 * m0[b2 + d];
                x += c3 * m0[b3 + d];
                acc0[d] = x;
                double y = acc1[d];
                y += c0 * m1[b0 + d];
                y += c1 * m1[b1 + d];
                y += c2 * m1[b2 + d];
                y += c3 * m1[b3 + d];
                acc1[d] = y;
            }
        }
        for (; s < s1; s++) {
            int base = s * days;
            for (int d = firstDay; d < days; d++) {
                acc0[d] += zc[base + d] * m0[base + d];
                acc1[d] += zc[base + d] * m1[base + d];
            }
        }
    }

    /**
     * {@code acc[d] += sum_s zc m} over symbols {@code [s0, s1)} and the days from {@code firstDay},
     * s ascending: one member.
     */
    private void accumulate(double[] zc, double[] m, double[] acc, int s0, int s1, int firstDay) {
        int s = s0;
        for (; s + 4 <= s1; s += 4) {
            int b0 = s * days;
            int b1 = b0 + days;
            int b2 = b1 + days;
            int b3 = b2 + days;
            for (int d = firstDay; d < days; d++) {
                double x = acc[d];
                x += zc[b0 + d] * m[b0 + d];
                x += zc[b1 + d] * m[b1 + d];
                x += zc[b2 + d] * m[b2 + d];
                x += zc[b3 + d] * m[b3 + d];
                acc[d] = x;
            }
        }
        for (; s < s1; s++) {
            int base = s * days;
            for (int d = firstDay; d < days; d++) {
                acc[d] += zc[base + d] * m[base + d];
            }
        }
    }

    /**
     * Whether the rules that need no cross products let the candidate in: a name new to the pool,
     * some variation, and the coverage rule. A candidate they reject needs no {@link #crossDays}.
     */
    boolean admissible(Prepared c) {
        for (Member m : members) {
            if (m.stats.name().equals(c.name())) {
                return false;
            }
        }
        return c.self() > 0 && 2 * c.varyingDays() >= days;
    }

    /**
     * What offering the candidate would do (the pool is unchanged).
     *
     * @param crossDay its {@link #crossDays} with the members; may be null when it is not {@link #admissible}
     */
    Trial trial(Prepared c, double[][] crossDay) {
        int k = members.size();
        if (!admissible(c)) {
            return rejected(c, crossDay);
        }
        double[] cross = new double[k];
        for (int i = 0; i < k; i++) {
            for (double v : crossDay[i]) {
                cross[i] += v;
            }
        }
        double closest = 0;
        for (int i = 0; i < k; i++) {
            double corr = cross[i] / Math.sqrt(c.self() * total(i, i));
            if (Math.abs(corr) > Math.abs(closest)) {
                closest = corr;
            }
        }
        if (Math.abs(closest) > AlphaPool.MAX_CORRELATION) {
            return rejected(c, crossDay);
        }
        double[][] g = new double[k + 1][k + 1];
        double[] b = new double[k + 1];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i][j] = total(i, j);
            }
            g[i][k] = cross[i];
            g[k][i] = cross[i];
            b[i] = members.get(i).stats.labelZDot();
        }
        g[k][k] = c.self();
        b[k] = c.labelZDot();
        double[] w = NormalEquations.solve(g, b, 0);
        int evicted = -1;
        if (k + 1 > capacity) {
            int smallest = 0;
            for (int i = 1; i <= k; i++) {
                if (Math.abs(w[i]) < Math.abs(w[smallest])) {
                    smallest = i;
                }
            }
            if (smallest == k) {
                return rejected(c, crossDay);
            }
            evicted = smallest;
            w = NormalEquations.solve(without(g, evicted), without(b, evicted), 0);
        }
        return new Trial(c, true, evicted, w, icOf(c, crossDay, evicted, w), crossDay);
    }

    private Trial rejected(Prepared c, double[][] crossDay) {
        return new Trial(c, false, -1, null, Double.NaN, crossDay);
    }

    private double total(int i, int j) {
        double sum = 0;
        for (double v : gramDay.get(i).get(j)) {
            sum += v;
        }
        return sum;
    }

    /**
     * The IC of members (without {@code evicted}) plus the candidate, with weights {@code w} in
     * that order.
     */
    private double icOf(Prepared c, double[][] crossDay, int evicted, double[] w) {
        int k = members.size();
        int[] kept = IntStream.range(0, k).filter(i -> i != evicted).toArray();
        double[] n = knownN.clone();
        double[] sy = knownSum.clone();
        double[] syy = knownSquares.clone();
        // A day's union of cells is all its known label cells when the remaining members cover
        // them all, as they do on most days; the other days are summed again, symbol by symbol.
        int[] uncovered = evicted >= 0 ? thinCells : bareCells;
        boolean[] gone = evicted >= 0 ? members.get(evicted).stats.present() : null;
        for (int d = 0; d < days; d++) {
            if (uncovered[d] == 0) {
                continue;
            }
            n[d] = 0;
            sy[d] = 0;
            syy[d] = 0;
            for (int cell = d; cell < coverage.length; cell += days) {
                int cover = coverage[cell] - (gone != null && gone[cell] ? 1 : 0);
                if (cover > 0 || c.present()[cell]) {
                    double y = label[cell];
                    n[d]++;
                    sy[d] += y;
                    syy[d] += y * y;
                }
            }
        }
        // Per day, sum c y, sum c and sum c^2 of the combination; each day's terms are added in the
        // order a one-day loop would add them (candidate, then per member its cross term and row).
        int m = kept.length;
        double wc = w[m];
        double[] scy = new double[days];
        double[] sc = new double[days];
        double[] scc = new double[days];
        for (int d = 0; d < days; d++) {
            scy[d] = wc * c.labelDot()[d];
            sc[d] = wc * c.sum()[d];
            scc[d] = wc * wc * c.selfDay()[d];
        }
        for (int a = 0; a < m; a++) {
            Prepared pa = members.get(kept[a]).stats;
            double[] labelDot = pa.labelDot();
            double[] sum = pa.sum();
            double[] cross = crossDay[kept[a]];
            double wa = w[a];
            double crossWeight = 2 * wa * wc;
            for (int d = 0; d < days; d++) {
                scy[d] += wa * labelDot[d];
                sc[d] += wa * sum[d];
                scc[d] += crossWeight * cross[d];
            }
            List<double[]> row = gramDay.get(kept[a]);
            for (int b = 0; b < m; b++) {
                double[] g = row.get(kept[b]);
                double wab = wa * w[b];
                for (int d = 0; d < days; d++) {
                    scc[d] += wab * g[d];
                }
            }
        }
        double total = 0;
        int count = 0;
        for (int d = 0; d < days; d++) {
            if (n[d] < MIN_PAIRS) {
                continue;
            }
            double vc = scc[d] - sc[d] * sc[d] / n[d];
            double vy = syy[d] - sy[d] * sy[d] / n[d];
            if (!(scc[d] > 0) || !(vc > 0) || !(vy > 0)) {
                continue;
            }
            double r = (scy[d] - sc[d] * sy[d] / n[d]) / Math.sqrt(vc * vy);
            total += Math.max(-1, Math.min(1, r));
            count++;
        }
        return count == 0 ? Double.NaN : total / count;
    }

    /**
     * The IC of the members plus the candidate with given weights (members first, in order): a
     * valid-range pool scoring weights fitted elsewhere.
     */
    double icWith(Prepared c, double[][] crossDay, double[] w) {
        return icOf(c, crossDay, -1, w);
    }

    /**
     * Adds a candidate without the admission rules, keeping given weights (a valid-range copy of a
     * pool whose admissions were decided on the training range).
     */
    void append(Prepared c, double[][] crossDay, double[] w) {
        commit(new Trial(c, true, -1, w, icOf(c, crossDay, -1, w), crossDay));
    }

    /** Makes an accepted trial's pool this pool's state. */
    void commit(Trial t) {
        if (!t.accepted()) {
            throw new IllegalArgumentException("the trial was rejected");
        }
        int k = members.size();
        List<double[]> row = new ArrayList<>(k + 1);
        for (int i = 0; i < k; i++) {
            gramDay.get(i).add(t.crossDay()[i]);
            row.add(t.crossDay()[i]);
        }
        row.add(t.candidate().selfDay());
        gramDay.add(row);
        members.add(new Member(t.candidate()));
        boolean[] present = t.candidate().present();
        for (int i = 0; i < coverage.length; i++) {
            coverage[i] += present[i] ? 1 : 0;
        }
        if (t.evicted() >= 0) {
            int e = t.evicted();
            boolean[] gone = members.get(e).stats.present();
            for (int i = 0; i < coverage.length; i++) {
                coverage[i] -= gone[i] ? 1 : 0;
            }
            members.remove(e);
            gramDay.remove(e);
            for (List<double[]> r : gramDay) {
                r.remove(e);
            }
        }
        countThinCells();
        weights = t.weights().clone();
        ic = t.ic();
    }

    /** {@link #thinCells} and {@link #bareCells} from the coverage of the current members. */
    private void countThinCells() {
        Arrays.fill(thinCells, 0);
        Arrays.fill(bareCells, 0);
        for (int s = 0; s < symbols; s++) {
            for (int d = 0; d < days; d++) {
                int cell = s * days + d;
                thinCells[d] += labelKnown[cell] && coverage[cell] < 2 ? 1 : 0;
                bareCells[d] += labelKnown[cell] && coverage[cell] == 0 ? 1 : 0;
            }
        }
    }

    /** Per day {@code sum_s z_c z_member} for every current member (one candidate). */
    double[][] crossDays(Prepared c) {
        return crossDays(List.of(c), 1)[0];
    }

    /** The current members' statistics, in pool order. */
    List<Prepared> memberStats() {
        return members.stream().map(Member::stats).toList();
    }

    /**
     * {@link #crossDays(Prepared)}, taking the products with members in {@code crossedWith} (a
     * former {@link #memberStats}) from {@code crossed}, its crossDays then: only members that
     * joined since are computed.
     */
    double[][] crossDays(Prepared c, List<Prepared> crossedWith, double[][] crossed) {
        double[][] out = new double[members.size()][];
        for (int i = 0; i < out.length; i++) {
            Prepared m = members.get(i).stats;
            int at = -1;
            for (int j = 0; j < crossedWith.size() && at < 0; j++) {
                at = crossedWith.get(j) == m ? j : -1;
            }
            out[i] = at >= 0 ? crossed[at] : dayDots(c.z(), m.z());
        }
        return out;
    }

    private static double[][] without(double[][] g, int e) {
        int k = g.length - 1;
        double[][] out = new double[k][k];
        for (int i = 0, ii = 0; i <= k; i++) {
            if (i == e) {
                continue;
            }
            for (int j = 0, jj = 0; j <= k; j++) {
                if (j != e) {
                    out[ii][jj++] = g[i][j];
                }
            }
            ii++;
        }
        return out;
    }

    private static double[] without(double[] b, int e) {
        double[] out = new double[b.length - 1];
        for (int i = 0, ii = 0; i < b.length; i++) {
            if (i != e) {
                out[ii++] = b[i];
            }
        }
        return out;
    }
}
