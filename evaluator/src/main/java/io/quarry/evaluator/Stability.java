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
        Walk walk = new Walk(Walk.logHalves(symbols));
        for (int d = 0; d < days; d++) {
            int[] dayOrder = order[d & 1];
            int count = Ranks.order(values, d * symbols, symbols, scratch, dayOrder);
            walk.add(values, d * symbols, dayOrder, count, scratch);
        }
        return walk.rre();
    }

    /**
     * RRE accumulated one scoring day after another from each day's order ({@link Ranks#order}), for
     * a caller that sorts each day's values once for several statistics.
     */
    static final class Walk {
        private final double[] current;
        private final double[] previous;
        /** {@code ln(k / 2)} for k = 0 .. 2 * symbols: an average-tie rank is a multiple of 1/2. */
        private final double[] logHalves;
        private int[] previousOrder;
        private int previousCount;
        private double sum;
        private int used;

        /** @param logHalves {@link #logHalves(int)} of the symbol count, shared by the walks of a thread */
        Walk(double[] logHalves) {
            int symbols = (logHalves.length - 1) / 2;
            this.current = new double[symbols];
            this.previous = new double[symbols];
            this.logHalves = logHalves;
        }

        /** {@code ln(k / 2)} for k = 0 .. 2 * symbols. */
        static double[] logHalves(int symbols) {
            double[] table = new double[2 * symbols + 1];
            for (int k = 0; k < table.length; k++) {
                table[k] = Math.log(k / 2.0);
            }
            return table;
        }

        /**
         * Adds the next day: the values at {@code base}, the previous day's at {@code base - symbols}.
         *
         * @param order the day's order, left unchanged until the following call
         */
        void add(double[] values, int base, int[] order, int count, Ranks.Scratch scratch) {
            int[] before = previousOrder;
            int beforeCount = previousCount;
            previousOrder = order;
            previousCount = count;
            if (before == null) {
                return;
            }
            int symbols = current.length;
            int prevBase = base - symbols;
            int n = Ranks.ranks(values, base, order, count, values, prevBase, scratch, current);
            if (n < ScoringRange.MIN_PAIRS || constant(values, base, scratch.picked, n)) {
                return;
            }
            Ranks.ranks(values, prevBase, before, beforeCount, values, base, scratch, previous);
            int[] picked = scratch.picked;
            if (constant(values, prevBase, picked, n)) {
                return;
            }
            // Both days' ranks sum to n(n+1)/2, so the normaliser cancels inside the logarithm, which
            // is a difference of two tabled logarithms (ranks are exact halves).
            double weighted = 0;
            for (int i = 0; i < n; i++) {
                int s = picked[i];
                double rank = current[s];
                weighted += rank * (logHalves[(int) (2 * rank)] - logHalves[(int) (2 * previous[s])]);
            }
            double kl = weighted / (n * (n + 1) / 2.0);
            // KL >= 0; a rounding of -1e-17 must not lift the term above 1.
            sum += 1 / (1 + Math.max(0, kl));
            used++;
        }

        /** The mean over the pairs of days counted so far; NaN for none. */
        double rre() {
            return used == 0 ? Double.NaN : sum / used;
        }
    }

    /** Whether the ordered symbols all have the same value (the first and last of the order). */
    private static boolean constant(double[] values, int base, int[] ordered, int n) {
        return values[base + ordered[0]] == values[base + ordered[n - 1]];
    }
}
