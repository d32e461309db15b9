package io.quarry.evaluator;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * PFS, the robustness of an alpha to noise in its inputs (AlphaEval's perturbation fidelity).
 *
 * <p>Each price and volume value x of the panel ({@link #PERTURBED}, every row including history)
 * becomes {@code x * (1 + sigma * eps)}: eps standard Gaussian, or Student-t with 3 degrees of freedom
 * rescaled to unit variance; sigma the daily volatility of the equal-weight market return over the
 * scoring days. The alphas are evaluated again on each perturbed panel (all of them in one batch, so
 * shared subexpressions are computed once) and, per scoring day, the Spearman correlation between
 * the clean and the perturbed values is taken across symbols. PFS for one noise is the mean of that
 * over the days; an alpha's PFS is the smaller of the two noises.
 *
 * <p>Only the rows the scoring days need are perturbed and evaluated, batched as for the clean
 * values ({@link RowPlan}), so clean and perturbed values come from the same rows.
 *
 * <p>Randomness: {@code SplittableRandom(seed)} is split into one stream per noise, and each of those
 * into one stream per (field, symbol), in a fixed order before anything runs in parallel; the
 * same seed therefore perturbs the same cells identically on every run.
 */
final class Robustness {

    /** The fields perturbed, when the data has them. */
    static final List<String> PERTURBED = List.of("open", "high", "low", "close", "vwap", "volume");

    private Robustness() {
    }

    /** The two noises of PFS. */
    enum Noise {
        GAUSSIAN,
        STUDENT_T3;

        /** One draw with mean 0 and variance 1. */
        double draw(Normals normals) {
            if (this == GAUSSIAN) {
                return normals.next();
            }
            // t3 = Z / sqrt(chi2_3 / 3) has variance 3; times sqrt(1/3) that is Z / sqrt(chi2_3).
            double z = normals.next();
            double a = normals.next();
            double b = normals.next();
            double c = normals.next();
            return z / Math.sqrt(a * a + b * b + c * c);
        }
    }

    /** Standard normal draws by Box-Muller, both values of each pair used. */
    static final class Normals {
        private final SplittableRandom random;
        private double spare;
        private boolean hasSpare;

        Normals(SplittableRandom random) {
            this.random = random;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u));
            spare = r * Math.sin(2 * Math.PI * v);
            hasSpare = true;
            return r * Math.cos(2 * Math.PI * v);
        }
    }

    /**
     * The alphas' values on each perturbed panel, on the scoring days, time-major.
     *
     * @param history the panel's rows {@code [plan.first(), plan.end())}, as the clean values were
     *                evaluated on
     * @param indices the alphas (of the plan's list) that evaluated on the clean panel
     * @return {@code [noise][index of the plan's list]}, null for an alpha that did not evaluate; null
     *         altogether when sigma is undefined (fewer than two scoring days with a market return)
     *         or there is no alpha
     */
    static double[][][] perturbedValues(ScoringRange range, RowPlan plan, Panel history, List<CheckedAlpha> alphas,
                                        int[] indices, long seed, BatchEvaluator evaluator) {
        double sigma = marketVolatility(range);
        if (indices.length == 0 || !Double.isFinite(sigma)) {
            return null;
        }
        SplittableRandom root = new SplittableRandom(seed);
        Noise[] noises = Noise.values();
        double[][][] perturbed = new double[noises.length][][];
        String[] errors = new String[alphas.size()];
        for (int k = 0; k < noises.length; k++) {
            Panel noisy = perturb(history, sigma, noises[k], root.split());
            perturbed[k] = plan.evaluate(noisy, alphas, indices, range, evaluator, errors);
        }
        return perturbed;
    }

    /**
     * PFS of one alpha accumulated one scoring day after another from the clean values' order of the
     * day ({@link Ranks#order}), for a caller that sorts each day's clean values once for several
     * statistics. Per noise and day: the Spearman correlation of the clean and perturbed values over
     * the symbols where both are present (NaN under {@link ScoringRange#MIN_PAIRS} of them, or with a
     * side constant across them).
     */
    static final class Fidelity {
        private final double[][] noisy;
        private final double[][] daily;
        private final int[] noisyOrder;
        private final double[] cleanRanks;
        private final double[] noisyRanks;
        private final double[] restrictedCleanRanks;

        /**
         * @param noisy the alpha's values per noise, time-major over the same days as the clean
         *              values; null when it failed on a perturbed panel (PFS NaN)
         */
        Fidelity(double[][] noisy, int days, int symbols) {
            this.noisy = noisy;
            this.daily = noisy == null ? new double[0][] : new double[noisy.length][days];
            for (double[] row : daily) {
                // A day never added counts as skipped, not as a correlation of 0.
                Arrays.fill(row, Double.NaN);
            }
            this.noisyOrder = new int[symbols];
            this.cleanRanks = new double[symbols];
            this.noisyRanks = new double[symbols];
            this.restrictedCleanRanks = new double[symbols];
        }

        /** Adds day {@code d}, whose clean values at {@code base} have the given order. */
        void add(int d, double[] clean, int base, int[] cleanOrder, int cleanCount, Ranks.Scratch scratch) {
            if (noisy == null) {
                return;
            }
            int symbols = cleanRanks.length;
            boolean cleanRanked = false;
            for (int k = 0; k < noisy.length; k++) {
                double[] x = noisy[k];
                int count = Ranks.order(x, base, symbols, scratch, noisyOrder);
                int n = Ranks.ranks(x, base, noisyOrder, count, clean, base, scratch, noisyRanks);
                if (n < ScoringRange.MIN_PAIRS) {
                    daily[k][d] = Double.NaN;
                } else if (n == cleanCount) {
                    // The pairs are all the clean values' present symbols: their own ranks, in their order.
                    if (!cleanRanked) {
                        Ranks.ranks(clean, base, cleanOrder, cleanCount, null, 0, scratch, cleanRanks);
                        cleanRanked = true;
                    }
                    daily[k][d] = PlainKernels.pearsonOf(noisyRanks, cleanRanks, cleanOrder, n);
                } else {
                    Ranks.ranks(clean, base, cleanOrder, cleanCount, x, base, scratch, restrictedCleanRanks);
                    daily[k][d] = PlainKernels.pearsonOf(noisyRanks, restrictedCleanRanks, scratch.picked, n);
                }
            }
        }

        /**
         * The smaller over the noises of the mean daily correlation; NaN when the alpha failed on a
         * perturbed panel or never varies on a scoring day.
         */
        double pfs() {
            if (noisy == null) {
                return Double.NaN;
            }
            double smallest = Double.POSITIVE_INFINITY;
            for (double[] days : daily) {
                smallest = Math.min(smallest, DailySeries.of(days).mean());
            }
            return smallest;
        }
    }

    /**
     * The standard deviation (ddof 1) over the scoring days t of the equal-weight market return: the
     * mean over symbols of {@code close[t] / close[t-1] - 1} where both closes are present.
     */
    static double marketVolatility(ScoringRange range) {
        Panel panel = range.panel;
        if (!panel.hasField("close")) {
            return Double.NaN;
        }
        double[] close = panel.values("close");
        int rows = panel.rows();
        double[] market = new double[range.days()];
        int days = 0;
        for (int t : range.rows) {
            if (t == 0) {
                continue;
            }
            double sum = 0;
            int n = 0;
            for (int s = 0; s < panel.symbolCount(); s++) {
                double r = close[s * rows + t] / close[s * rows + t - 1] - 1;
                if (Double.isFinite(r)) {
                    sum += r;
                    n++;
                }
            }
            if (n > 0) {
                market[days++] = sum / n;
            }
        }
        return DailySeries.of(Arrays.copyOf(market, days)).std();
    }

    /** The panel with every present price and volume value multiplied by {@code 1 + sigma * eps}. */
    static Panel perturb(Panel panel, double sigma, Noise noise, SplittableRandom random) {
        int rows = panel.rows();
        int n = panel.symbolCount();
        List<String> fields = PERTURBED.stream().filter(panel::hasField).toList();
        SplittableRandom[][] streams = new SplittableRandom[fields.size()][n];
        for (int f = 0; f < fields.size(); f++) {
            for (int s = 0; s < n; s++) {
                streams[f][s] = random.split();
            }
        }
        double[][] noisy = new double[fields.size()][];
        for (int f = 0; f < fields.size(); f++) {
            double[] clean = panel.values(fields.get(f));
            double[] out = new double[clean.length];
            SplittableRandom[] fieldStreams = streams[f];
            Parallel.chunks(n, 16, (from, to) -> {
                for (int s = from; s < to; s++) {
                    Normals normals = new Normals(fieldStreams[s]);
                    for (int i = s * rows; i < (s + 1) * rows; i++) {
                        double eps = noise.draw(normals);
                        out[i] = clean[i] * (1 + sigma * eps);
                    }
                }
            });
            noisy[f] = out;
        }
        return PanelSlices.mapFields(panel, (name, values) -> {
            int f = fields.indexOf(name);
            return f < 0 ? values : noisy[f];
        });
    }
}
