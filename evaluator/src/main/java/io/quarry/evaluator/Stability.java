package io.quarry.evaluator;

/**
 * RRE, the stability of an alpha's cross-sectional ranking from one scoring day to the next
 * (AlphaEval's rank relative entropy).
 *
 * <p>For consecutive scoring days t-1 and t, take the symbols S where the alpha is present on both;
 * rank its values on each day within S (average ranks of ties, 1..n) and normalise them to sum 1:
 * {@code p_t(s) = r_t(s) / (n(n+1)/2)}. Then {@code KL(p_t || p_{t-1}) = sum_s p_t(s) ln(p_t(s) / p_{t-1}(s))}
 * (finite: every rank is at least 1) and RRE is the mean of {@code 1 / (1 + KL)} over the pairs of
 * days. A pair is skipped when S has fewer than {@link ScoringRange#MIN_PAIRS} symbols or the alpha is
 * constant across S on either day (its ranks carry no ordering), so an alpha that never varies has
 * RRE NaN. 1 means the ranking never changes.
 */
final class Stability {

    private Stability() {
    }

    /** RRE of one alpha's time-major values on the scoring days. */
    static double rre(double[] values, int days, int symbols) {
        Ranks.Scratch scratch = new Ranks.Scratch(symbols);
        int[][] order = {new int[symbols], new int[symbols]};
        int[] count = new int[2];
        double[] current = new double[symbols];
        double[] previous = new double[symbols];
        double sum = 0;
        int used = 0;
        if (days > 0) {
            count[0] = Ranks.order(values, 0, symbols, scratch, order[0]);
        }
        for (int d = 1; d < days; d++) {
            int cur = d & 1;
            int prev = cur ^ 1;
            int base = d * symbols;
            int prevBase = base - symbols;
            count[cur] = Ranks.order(values, base, symbols, scratch, order[cur]);
            int n = Ranks.ranks(values, base, order[cur], count[cur], values, prevBase, scratch, current);
            if (n < ScoringRange.MIN_PAIRS || constant(values, base, scratch.picked, n)) {
                continue;
            }
            Ranks.ranks(values, prevBase, order[prev], count[prev], values, base, scratch, previous);
            int[] picked = scratch.picked;
            if (constant(values, prevBase, picked, n)) {
                continue;
            }
            // Both days' ranks sum to n(n+1)/2, so the normaliser cancels inside the logarithm.
            double total = n * (n + 1) / 2.0;
            double kl = 0;
            for (int i = 0; i < n; i++) {
                int s = picked[i];
                kl += current[s] / total * Math.log(current[s] / previous[s]);
            }
            // KL >= 0; a rounding of -1e-17 must not lift the term above 1.
            sum += 1 / (1 + Math.max(0, kl));
            used++;
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    /** Whether the ordered symbols all have the same value (the first and last of the order). */
    private static boolean constant(double[] values, int base, int[] ordered, int n) {
        return values[base + ordered[0]] == values[base + ordered[n - 1]];
    }
}
