package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link TopkDropoutBook}, against a transliteration of Qlib's
 * {@code TopkDropoutStrategy.generate_trade_decision} (method_sell "bottom", method_buy "top").
 */
class TopkDropoutBookTest {

    @Test
    void aHeldSymbolWithoutScoreIsSoldFirstAndNoDropMeansNoSale() {
        // 4 symbols, topk 2. Day 1 scores (4, 3, 2, 1): buy S0, S1. Day 2 S0 has no score, S3 is best:
        // comb = S3, S1, S0(no score); n_drop 1 sells S0 and buys S3.
        TopkDropoutBook book = new TopkDropoutBook(new Strategy.TopkDropout(2, 1), 4);
        double[] w = new double[4];
        rebalance(book, new double[] {4, 3, 2, 1}, w);
        assertThat(w).containsExactly(0.5, 0.5, 0, 0);
        rebalance(book, new double[] {Double.NaN, 3, 2, 9}, w);
        assertThat(w).containsExactly(0, 0.5, 0, 0.5);
        // n_drop 0: the first holdings are kept whatever the scores do.
        TopkDropoutBook keep = new TopkDropoutBook(new Strategy.TopkDropout(2, 0), 4);
        rebalance(keep, new double[] {4, 3, 2, 1}, w);
        rebalance(keep, new double[] {1, 2, 3, 4}, w);
        assertThat(w).containsExactly(0.5, 0.5, 0, 0);
    }

    @Test
    void candidatesWorseThanEveryHoldingReplaceNothing() {
        // Held S0, S1 (scores 9, 8); the best candidate S2 (1) is the worst of comb: it is "sold" before
        // being bought, so nothing changes (Qlib sells only holdings among the n_drop worst).
        TopkDropoutBook book = new TopkDropoutBook(new Strategy.TopkDropout(2, 1), 3);
        double[] w = new double[3];
        rebalance(book, new double[] {9, 8, 1}, w);
        rebalance(book, new double[] {9, 8, 1}, w);
        assertThat(w).containsExactly(0.5, 0.5, 0);
    }

    @Property(tries = 200)
    void agreesWithQlib(@ForAll @IntRange(min = 1, max = 30) int symbols, @ForAll @IntRange(min = 1, max = 10) int topk,
                        @ForAll @IntRange(min = 0, max = 10) int nDrop, @ForAll long seed) {
        int drop = Math.min(nDrop, topk);
        TopkDropoutBook book = new TopkDropoutBook(new Strategy.TopkDropout(topk, drop), symbols);
        SplittableRandom random = new SplittableRandom(seed);
        Set<Integer> held = new LinkedHashSet<>();
        double[] w = new double[symbols];
        for (int day = 0; day < 20; day++) {
            double[] score = new double[symbols];
            for (int s = 0; s < symbols; s++) {
                int kind = random.nextInt(8);
                score[s] = kind == 0 ? Double.NaN : kind == 1 ? 0.5 : random.nextDouble();
            }
            held = qlib(held, score, topk, drop);
            rebalance(book, score, w);
            for (int s = 0; s < symbols; s++) {
                assertThat(w[s]).as("day %d symbol %d", day, s).isEqualTo(held.contains(s) ? 1.0 / topk : 0);
            }
        }
    }

    private static void rebalance(TopkDropoutBook book, double[] score, double[] w) {
        CrossSection section = new CrossSection(score.length);
        section.sort(score, 0, score.length);
        book.rebalance(section, score, 0, w);
    }

    /**
     * <pre>
     * last = pred_score.reindex(current_stock_list).sort_values(ascending=False).index
     * today = get_first_n(pred_score[~pred_score.index.isin(last)].sort_values(ascending=False).index,
     *                     n_drop + topk - len(last))
     * comb = pred_score.reindex(last.union(pd.Index(today))).sort_values(ascending=False).index
     * sell = last[last.isin(get_last_n(comb, n_drop))]
     * buy = today[: len(sell) + topk - len(last)]
     * </pre>
     * Descending order puts NaN last; ties by symbol index (a stable sort of the index order).
     */
    private static Set<Integer> qlib(Set<Integer> last, double[] score, int topk, int nDrop) {
        Comparator<Integer> descending = Comparator.comparingDouble(
                (Integer s) -> Double.isNaN(score[s]) ? Double.POSITIVE_INFINITY : -score[s]).thenComparingInt(s -> s);
        List<Integer> notHeld = new ArrayList<>();
        for (int s = 0; s < score.length; s++) {
            if (!last.contains(s) && !Double.isNaN(score[s])) {
                notHeld.add(s);
            }
        }
        notHeld.sort(descending);
        List<Integer> today = notHeld.subList(0, Math.max(0, Math.min(notHeld.size(), nDrop + topk - last.size())));
        List<Integer> comb = new ArrayList<>(last);
        comb.addAll(today);
        comb.sort(descending);
        Set<Integer> worst = new HashSet<>(comb.subList(Math.max(0, comb.size() - nDrop), comb.size()));
        List<Integer> sell = last.stream().filter(worst::contains).toList();
        List<Integer> buy = today.subList(0, Math.max(0, Math.min(today.size(), sell.size() + topk - last.size())));
        Set<Integer> next = new LinkedHashSet<>(last);
        sell.forEach(next::remove);
        next.addAll(buy);
        return next;
    }
}
