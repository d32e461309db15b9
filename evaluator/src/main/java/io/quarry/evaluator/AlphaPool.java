package io.quarry.evaluator;

import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A pool of up to K alphas combined linearly (AlphaGen): the combination's weights are fitted on a
 * training range so that it predicts the label, and a candidate's reward is how much it raises the
 * pool's IC. Immutable ({@link #add} returns the next pool) and thread-safe; IC and RankIC are
 * computed on first use.
 *
 * <p>The fit. On each training day, each alpha is z-scored across the symbols where it and the
 * label are present (ddof 1; 0 where it is missing, or on a day it is constant or has fewer than
 * {@link ScoringRange#MIN_PAIRS} such symbols), and so is the label; the days are stacked and the
 * weights minimise {@code (1/n) ||sum_i w_i z_i - z_label||^2 + l1 * sum |w_i|} over the n stacked
 * cells where the label is present: least squares by the normal equations (Cholesky, a tiny ridge
 * only when singular; coordinate descent when {@code l1 > 0}, see {@link NormalEquations}). Since
 * every alpha's z-scores stay the same whoever else is in the pool, the pool keeps {@code Z'Z} and
 * {@code Z'z_label} and a candidate costs K dot products, not a refit from scratch. The pool's value
 * is {@code sum_i w_i z_i} where the label and at least one member are present; its IC and RankIC
 * are the daily-mean correlations with the label, as for a single alpha.
 *
 * <p>Admission of a candidate, in order: a member with the same name, no variation on the training
 * days, or an absolute correlation above {@value #MAX_CORRELATION} with a member (the correlation of
 * the stacked z-scores: the days' cross-sectional correlations averaged with weights n_d - 1) reject
 * it; otherwise it joins and the weights are refitted, and if the pool then holds more than K
 * alphas the one with the smallest |weight| leaves (when that is the candidate, it is rejected and
 * the pool is unchanged) and the rest are refitted.
 */
public final class AlphaPool {

    /** The pool size used when none is given. */
    public static final int DEFAULT_CAPACITY = 20;
    /** Candidates correlated more than this (in absolute value) with a member are rejected. */
    public static final double MAX_CORRELATION = 0.99;

    /**
     * What happened to a candidate.
     *
     * @param pool     the pool after it (the same pool when rejected)
     * @param accepted whether the candidate is a member now
     * @param reason   why it was accepted or rejected, for people
     * @param evicted  the member that left to make room, or null
     */
    public record Admission(AlphaPool pool, boolean accepted, String reason, String evicted) {
    }

    /** The training data shared by every pool of one lineage. */
    private record Training(ScoringRange range, ScoringKernels kernels, int capacity, double l1,
                            double[] labelZ, int observations) {
    }

    /** A member: its raw and z-scored values on the training days (time-major). */
    private record Member(String name, double[] raw, double[] z) {
    }

    private final Training training;
    private final List<Member> members;
    /** {@code gram[i][j] = z_i . z_j} (full, symmetric). */
    private final double[][] gram;
    /** {@code z_i . z_label}. */
    private final double[] xty;
    private final double[] weights;
    private volatile Double ic;
    private volatile Double rankIc;

    private AlphaPool(Training training, List<Member> members, double[][] gram, double[] xty) {
        this.training = training;
        this.members = List.copyOf(members);
        this.gram = gram;
        this.xty = xty;
        this.weights = members.isEmpty() ? new double[0]
                : NormalEquations.solve(gram, xty, training.l1 * training.observations);
    }

    /**
     * An empty pool trained on the rows of {@code panel} between {@code from} and {@code to} (inclusive
     * ISO dates, null for open ends).
     *
     * @param l1 the L1 penalty per observation (0 for plain least squares)
     * @throws IllegalArgumentException for a range without scoring days or a bad label (as {@link Scorer})
     */
    public static AlphaPool create(ScoringKernels kernels, Panel panel, Label label, String from, String to,
                                   int capacity, double l1) {
        return over(ScoringRange.resolve(panel, label, from, to, new BatchEvaluator()), kernels, capacity, l1);
    }

    static AlphaPool over(ScoringRange range, ScoringKernels kernels, int capacity, double l1) {
        Objects.requireNonNull(kernels, "kernels");
        if (capacity < 1) {
            throw new IllegalArgumentException("the pool capacity must be at least 1, got " + capacity);
        }
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("l1 must be a finite number >= 0, got " + l1);
        }
        double[] labelZ = zScores(range.labelValues, range);
        int observations = 0;
        for (double v : range.labelValues) {
            observations += Double.isNaN(v) ? 0 : 1;
        }
        return new AlphaPool(new Training(range, kernels, capacity, l1, labelZ, observations), List.of(),
                new double[0][0], new double[0]);
    }

    /**
     * Offers a candidate.
     *
     * @param values the candidate's values over the whole panel the pool was created on, symbol-major
     *               as {@link io.quarry.dsl.eval.BatchEvaluator} returns them
     */
    public Admission add(String name, double[] values) {
        double[] raw = timeMajor(values);
        return add(name, raw, zScores(raw, training.range));
    }

    /**
     * The candidate's reward: the pool's IC with it (after any eviction) minus the IC without it, 0
     * when it is rejected. An empty pool counts as IC 0.
     */
    public double gain(String name, double[] values) {
        Admission admission = add(name, values);
        if (!admission.accepted()) {
            return 0;
        }
        double before = members.isEmpty() ? 0 : ic();
        double after = admission.pool().ic();
        return Double.isNaN(after) ? 0 : after - (Double.isNaN(before) ? 0 : before);
    }

    /**
     * Offers a candidate given its values on the training days, time-major, and their z-scores
     * ({@link #zScores}).
     */
    Admission add(String name, double[] raw, double[] z) {
        for (Member member : members) {
            if (member.name.equals(name)) {
                return new Admission(this, false, "rejected: a member is already named " + name, null);
            }
        }
        int k = members.size();
        double[] cross = new double[k];
        Parallel.chunks(k, 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                cross[i] = PlainKernels.dot(members.get(i).z, z, z.length);
            }
        });
        double self = PlainKernels.dot(z, z, z.length);
        if (!(self > 0)) {
            return new Admission(this, false, "rejected: it never varies across symbols on the training days", null);
        }
        int closest = -1;
        double closestCorrelation = 0;
        for (int i = 0; i < k; i++) {
            double c = cross[i] / Math.sqrt(self * gram[i][i]);
            if (Math.abs(c) > Math.abs(closestCorrelation)) {
                closest = i;
                closestCorrelation = c;
            }
        }
        if (Math.abs(closestCorrelation) > MAX_CORRELATION) {
            return new Admission(this, false, String.format(Locale.ROOT,
                    "rejected: its correlation with %s is %.4f, beyond +-%s", members.get(closest).name,
                    closestCorrelation, MAX_CORRELATION), null);
        }
        List<Member> grown = new ArrayList<>(members);
        grown.add(new Member(name, raw, z));
        double[][] g = new double[k + 1][k + 1];
        double[] b = java.util.Arrays.copyOf(xty, k + 1);
        b[k] = PlainKernels.dot(z, training.labelZ, z.length);
        for (int i = 0; i < k; i++) {
            System.arraycopy(gram[i], 0, g[i], 0, k);
            g[i][k] = cross[i];
            g[k][i] = cross[i];
        }
        g[k][k] = self;
        AlphaPool joined = new AlphaPool(training, grown, g, b);
        if (grown.size() <= training.capacity) {
            return new Admission(joined, true, "accepted", null);
        }
        int smallest = 0;
        for (int i = 1; i < grown.size(); i++) {
            if (Math.abs(joined.weights[i]) < Math.abs(joined.weights[smallest])) {
                smallest = i;
            }
        }
        if (smallest == k) {
            return new Admission(this, false, String.format(Locale.ROOT,
                    "rejected: its weight %.4g would be the smallest in a full pool of %d", joined.weights[k],
                    training.capacity), null);
        }
        String evicted = grown.get(smallest).name;
        return new Admission(joined.without(smallest), true, String.format(Locale.ROOT,
                "accepted; %s left the full pool (smallest |weight|, %.4g)", evicted, joined.weights[smallest]),
                evicted);
    }

    private AlphaPool without(int index) {
        List<Member> rest = new ArrayList<>(members);
        rest.remove(index);
        int k = rest.size();
        double[][] g = new double[k][k];
        double[] b = new double[k];
        for (int i = 0, ii = 0; i < members.size(); i++) {
            if (i == index) {
                continue;
            }
            for (int j = 0, jj = 0; j < members.size(); j++) {
                if (j != index) {
                    g[ii][jj++] = gram[i][j];
                }
            }
            b[ii++] = xty[i];
        }
        return new AlphaPool(training, rest, g, b);
    }

    /** Member name to weight, in the order they joined. */
    public Map<String, Double> weights() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            out.put(members.get(i).name, weights[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The names of the members, in the order they joined. */
    public List<String> members() {
        return members.stream().map(Member::name).toList();
    }

    public int size() {
        return members.size();
    }

    public int capacity() {
        return training.capacity;
    }

    /** The pool's IC on the training days; NaN for an empty pool. */
    public double ic() {
        Double value = ic;
        if (value == null) {
            value = correlation(false);
            ic = value;
        }
        return value;
    }

    /** The pool's RankIC on the training days; NaN for an empty pool. */
    public double rankIc() {
        Double value = rankIc;
        if (value == null) {
            value = correlation(true);
            rankIc = value;
        }
        return value;
    }

    /** The combined signal {@code sum_i w_i z_i} on the training days, time-major. */
    double[] combined() {
        ScoringRange range = training.range;
        double[] out = new double[range.cells()];
        java.util.Arrays.fill(out, Double.NaN);
        for (int c = 0; c < out.length; c++) {
            if (Double.isNaN(range.labelValues[c])) {
                continue;
            }
            double sum = 0;
            boolean any = false;
            for (int i = 0; i < members.size(); i++) {
                if (!Double.isNaN(members.get(i).raw[c])) {
                    any = true;
                    sum += weights[i] * members.get(i).z[c];
                }
            }
            if (any) {
                out[c] = sum;
            }
        }
        return out;
    }

    private double correlation(boolean ranked) {
        if (members.isEmpty()) {
            return Double.NaN;
        }
        ScoringRange range = training.range;
        double[] daily = training.kernels.dailyCorrelations(new double[][] {combined()}, range.labelValues,
                range.days(), range.symbols, ranked, ScoringRange.MIN_PAIRS)[0];
        return DailySeries.of(daily).mean();
    }

    private double[] timeMajor(double[] values) {
        Panel panel = training.range.panel;
        int cells = panel.rows() * panel.symbolCount();
        if (values.length != cells) {
            throw new IllegalArgumentException("the candidate has " + values.length + " values, expected rows x "
                    + "symbols = " + cells + " of the pool's panel");
        }
        return training.range.timeMajor(values, 0, panel.rows());
    }

    /**
     * Per scoring day, the z-scores of v (time-major) across the symbols where v and the label are
     * present; 0 elsewhere, and all day on a day with fewer than MIN_PAIRS such symbols or where v is
     * constant across them.
     */
    static double[] zScores(double[] v, ScoringRange range) {
        double[] label = range.labelValues;
        int n = range.symbols;
        double[] out = new double[range.cells()];
        boolean[] include = new boolean[n];
        double[] day = new double[n];
        for (int d = 0; d < range.days(); d++) {
            int base = d * n;
            int count = 0;
            for (int s = 0; s < n; s++) {
                include[s] = !Double.isNaN(v[base + s]) && !Double.isNaN(label[base + s]);
                count += include[s] ? 1 : 0;
            }
            if (count < ScoringRange.MIN_PAIRS) {
                continue;
            }
            ZScores.write(v, base, n, include, day, 0);
            for (int s = 0, k = 0; s < n; s++) {
                if (include[s]) {
                    out[base + s] = day[k++];
                }
            }
        }
        return out;
    }
}
