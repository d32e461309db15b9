package io.quarry.evaluator;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
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
     * PFS of each alpha.
     *
     * @param history the panel's rows {@code [plan.first(), plan.end())}, as the clean values were
     *                evaluated on
     * @param indices the alphas (of the plan's list) that evaluated on the clean panel
     * @param clean   per index of the plan's list, the clean values on the scoring days, time-major
     * @return per index of the plan's list, the PFS (NaN for alphas not in {@code indices}); NaN too
     *         when sigma is undefined (fewer than two scoring days with a market return) or the alpha
     *         never varies on a scoring day
     */
    static double[] pfs(ScoringRange range, RowPlan plan, Panel history, List<CheckedAlpha> alphas, int[] indices,
                        double[][] clean, long seed, BatchEvaluator evaluator, ScoringKernels kernels) {
        double[] out = new double[alphas.size()];
        java.util.Arrays.fill(out, Double.NaN);
        double sigma = marketVolatility(range);
        if (indices.length == 0 || !Double.isFinite(sigma)) {
            return out;
        }
        SplittableRandom root = new SplittableRandom(seed);
        Noise[] noises = Noise.values();
        double[][][] perturbed = new double[noises.length][][];
        String[] errors = new String[alphas.size()];
        for (int k = 0; k < noises.length; k++) {
            Panel noisy = perturb(history, sigma, noises[k], root.split());
            perturbed[k] = plan.evaluate(noisy, alphas, indices, range, evaluator, errors);
        }
        for (int a : indices) {
            if (perturbed[0][a] == null || perturbed[1][a] == null) {
                continue;
            }
            // Both noises in one call: the clean values are ranked once per day.
            double[][] daily = kernels.dailyCorrelations(new double[][] {perturbed[0][a], perturbed[1][a]},
                    clean[a], range.days(), range.symbols, true, ScoringRange.MIN_PAIRS);
            out[a] = Math.min(DailySeries.of(daily[0]).mean(), DailySeries.of(daily[1]).mean());
        }
        return out;
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
        return DailySeries.of(java.util.Arrays.copyOf(market, days)).std();
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
