package io.quarry.backtest;

import java.util.Arrays;

/**
 * The holdings of Qlib's TopkDropout strategy, day after day (method_sell "bottom", method_buy "top").
 *
 * <p>Each day, with the scores of that day: {@code last} = the holdings, best first; {@code today} =
 * the best {@code nDrop + topk - |last|} symbols not held; {@code comb} = last and today together,
 * best first; the holdings among the {@code nDrop} worst of comb are sold, and the first
 * {@code |sold| + topk - |last|} of today are bought. Order: higher score first, a held symbol
 * without a score after every scored one, ties by symbol index. A symbol without a score is never
 * bought. Every holding weighs {@code 1/topk}.
 */
final class TopkDropoutBook {

    private final int topk;
    private final int nDrop;
    private final int symbols;
    private final boolean[] held;
    private int heldCount;
    private final int[] today;
    private final long[] comb;

    TopkDropoutBook(Strategy.TopkDropout strategy, int symbols) {
        this.topk = strategy.topk();
        this.nDrop = strategy.nDrop();
        this.symbols = symbols;
        this.held = new boolean[symbols];
        this.today = new int[symbols];
        this.comb = new long[symbols];
    }

    /**
     * Moves the holdings with the scores {@code v[base .. base + symbols)} and writes the target weights.
     *
     * @param section the scores already sorted
     */
    void rebalance(CrossSection section, double[] v, int base, double[] weights) {
        int present = section.count();
        int wanted = Math.max(0, nDrop + topk - heldCount);
        int nToday = 0;
        for (int i = 0; i < present && nToday < wanted; i++) {
            int s = section.descending(i);
            if (!held[s]) {
                today[nToday++] = s;
            }
        }
        int nComb = 0;
        for (int s = 0; s < symbols; s++) {
            if (held[s]) {
                comb[nComb++] = key(Double.isNaN(v[base + s]) ? present : section.greater(s), s);
            }
        }
        for (int i = 0; i < nToday; i++) {
            comb[nComb++] = key(section.greater(today[i]), today[i]);
        }
        Arrays.sort(comb, 0, nComb);
        int sold = 0;
        for (int i = Math.max(0, nComb - nDrop); i < nComb; i++) {
            int s = (int) comb[i];
            if (held[s]) {
                held[s] = false;
                sold++;
            }
        }
        int buy = Math.min(nToday, Math.max(0, sold + topk - heldCount));
        for (int i = 0; i < buy; i++) {
            held[today[i]] = true;
        }
        heldCount += buy - sold;
        double w = 1.0 / topk;
        for (int s = 0; s < symbols; s++) {
            weights[s] = held[s] ? w : 0;
        }
    }

    /** Sorts by position (0 = best score), then by symbol index. */
    private static long key(int position, int symbol) {
        return ((long) position << 32) | symbol;
    }
}
