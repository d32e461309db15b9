package io.quarry.dsl.synth;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
import java.util.Arrays;
import java.util.List;

/**
 * A formula whose signal the generator plants into next-day returns: each day it is evaluated on a
 * trailing window of the market made so far, and its cross-section turned into gaussianized ranks.
 *
 * <p>The window is the formula's lookback + 1 rows, so the cost per day does not grow with the
 * history, and the values equal those over the whole history. The exception is {@code ema}, whose
 * memory is infinite: for formulas using it the window is max(4 x lookback, 60) rows and the ema
 * restarts from the window's first value. The weight of that seed, (1 - 2/(d+1))^(window - 1), is
 * below 1e-3 for every d, so the planted values differ from the full-history formula by that order.
 * It approximates the formula, not the statistics of the plant: the returns still carry the signal
 * of exactly what was evaluated.
 */
final class Plant {

    private static final int EMA_MIN_WINDOW = 60;
    private static final int EMA_WINDOW_FACTOR = 4;

    private final CheckedAlpha alpha;
    private final int window;
    // Sequential: the windows are small, and one chunk is cheaper than a fork per operator per day.
    private final BatchEvaluator evaluator = new BatchEvaluator(1);

    /** @throws io.quarry.dsl.parse.FormulaException when the formula has errors */
    Plant(String formula) {
        this.alpha = Checker.standard().checkExpression("plant", formula, Definition.Kind.ALPHA);
        long lookback = alpha.lookback();
        long rows = usesEma(alpha.canonical())
                ? Math.max(lookback * EMA_WINDOW_FACTOR, EMA_MIN_WINDOW)
                : lookback + 1;
        this.window = (int) Math.min(rows, Integer.MAX_VALUE);
    }

    /** How many trailing rows (today included) the formula is evaluated on. */
    int window() {
        return window;
    }

    /**
     * Writes to {@code z[s]} the gaussianized rank of the formula's value on the last row of
     * {@code market}: Phi^-1((rank - 0.5) / count), ranks averaged over ties; 0 where the value is NaN.
     *
     * @throws IllegalArgumentException when the formula cannot be evaluated on the generated fields
     */
    void signal(Panel market, double[] z) {
        EvaluatedAlpha result = evaluator.evaluate(market, List.of(alpha)).alphas().get(0);
        if (!result.ok()) {
            throw new IllegalArgumentException("plantFormula cannot be evaluated on the generated market: "
                    + result.error());
        }
        int rows = market.rows();
        int n = market.symbolCount();
        double[] today = new double[n];
        double[] present = new double[n];
        int count = 0;
        for (int s = 0; s < n; s++) {
            today[s] = result.values()[s * rows + rows - 1];
            if (!Double.isNaN(today[s])) {
                present[count++] = today[s];
            }
        }
        Arrays.sort(present, 0, count);
        for (int s = 0; s < n; s++) {
            if (Double.isNaN(today[s])) {
                z[s] = 0;
                continue;
            }
            int first = firstIndex(present, count, today[s]);
            int last = firstIndex(present, count, Math.nextUp(today[s])) - 1;
            double rank = (first + last) / 2.0 + 1;
            z[s] = NormalQuantile.inverseCdf((rank - 0.5) / count);
        }
    }

    /** The first index in sorted {@code a[0..count)} whose value is >= key. */
    private static int firstIndex(double[] a, int count, double key) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean usesEma(Expr e) {
        if (e instanceof Expr.Call c && c.function().equals(Operator.EMA.canonicalName())) {
            return true;
        }
        for (Expr child : e.children()) {
            if (usesEma(child)) {
                return true;
            }
        }
        return false;
    }
}
