package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch after batch, the candidates' values are those of a fresh evaluation, whatever was reused. */
class CandidateEvaluatorTest {

    private static final Panel PANEL = Markets.synthetic(30, 120, 5);

    @Test
    void batchesAfterOneWithTwoSpellingsOfOneFormulaGetTheirOwnValues() {
        // `returns` is derived (close / delay(close, 1) - 1) on data without it: both candidates of
        // the first batch are one tree, so the evaluator hands both the same array. It must come
        // back for reuse once, not twice, or two nodes of a later batch would share it.
        List<List<CheckedAlpha>> batches = List.of(
                List.of(Markets.alpha("a", "rank(returns)"), Markets.alpha("b", "rank(close / delay(close, 1) - 1)")),
                List.of(Markets.alpha("c", "rank(delta(volume, 3))"), Markets.alpha("d", "rank(ts_max(high, 5))"),
                        Markets.alpha("e", "rank(low * volume)"), Markets.alpha("f", "rank(open - close)")),
                List.of(Markets.alpha("g", "rank(ts_min(low, 10) / close)"), Markets.alpha("h", "rank(-volume)")));
        CandidateEvaluator evaluator = new CandidateEvaluator(PANEL, 1, new SubtreeCache(1L << 30));
        BatchEvaluator fresh = new BatchEvaluator(1);
        for (List<CheckedAlpha> batch : batches) {
            double[][] copies = evaluator.evaluate(batch, values -> {
                double[][] out = new double[values.length][];
                for (int i = 0; i < values.length; i++) {
                    out[i] = values[i].clone();
                }
                return out;
            });
            var expected = fresh.evaluate(PANEL, batch).alphas();
            for (int i = 0; i < batch.size(); i++) {
                assertThat(copies[i]).as(batch.get(i).canonicalText()).containsExactly(expected.get(i).values());
            }
        }
    }
}
