package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cross-candidate cache: reused subtrees give the very values a fresh evaluation gives. */
class SubtreeCacheTest {

    private static final Panel PANEL = Markets.synthetic(30, 120, 2);

    @Test
    void cachedSubtreesGiveBitIdenticalValues() {
        List<CheckedAlpha> first = List.of(Markets.alpha("a", "rank(delta(close, 5))"),
                Markets.alpha("b", "delta(close, 5) / close"));
        List<CheckedAlpha> second = List.of(Markets.alpha("c", "ts_rank(delta(close, 5), 10)"),
                Markets.alpha("d", "-rank(delta(close, 5))"), Markets.alpha("e", "delta(close, 5) / close"));
        SubtreeCache cache = new SubtreeCache(1L << 30);
        AtomicInteger hits = new AtomicInteger();
        BatchEvaluator.NodeCache counting = new BatchEvaluator.NodeCache() {
            @Override
            public double[] get(Expr subtree) {
                double[] v = cache.get(subtree);
                hits.addAndGet(v == null ? 0 : 1);
                return v;
            }

            @Override
            public boolean offer(Expr subtree, double[] values) {
                return cache.offer(subtree, values);
            }
        };
        BatchEvaluator evaluator = new BatchEvaluator(1);
        // Offered once, nothing is kept; offered again, all of it.
        evaluator.evaluate(PANEL, first, counting);
        evaluator.evaluate(PANEL, first, counting);
        assertThat(hits.get()).isZero();
        var cached = evaluator.evaluate(PANEL, second, counting).alphas();
        var fresh = evaluator.evaluate(PANEL, second).alphas();
        // From the first batch: delta(close, 5) under c, rank(delta(close, 5)) under d (whose
        // delta is then not looked up), and the whole of e.
        assertThat(hits.get()).isEqualTo(3);
        for (int i = 0; i < second.size(); i++) {
            assertThat(cached.get(i).values()).containsExactly(fresh.get(i).values());
        }
    }

    @Test
    void leastRecentlyUsedEntriesLeaveFirstWithinTheBound() {
        int cells = 10;
        SubtreeCache cache = new SubtreeCache(8L * cells * 2);
        Expr a = new Expr.Field("a");
        Expr b = new Expr.Field("b");
        Expr c = new Expr.Field("c");
        offerTwice(cache, a, cells);
        offerTwice(cache, b, cells);
        assertThat(cache.get(a)).isNotNull();
        offerTwice(cache, c, cells);
        assertThat(cache.get(b)).isNull();
        assertThat(cache.get(a)).isNotNull();
        assertThat(cache.offer(a, new double[cells])).isFalse();
        assertThat(cache.offer(new Expr.Field("huge"), new double[3 * cells])).isFalse();
        assertThat(cache.offer(new Expr.Field("huge"), new double[3 * cells])).isFalse();
    }

    @Test
    void aSubtreeIsKeptOnlyWhenOfferedASecondTime() {
        SubtreeCache cache = new SubtreeCache(1L << 20);
        Expr a = new Expr.Field("a");
        assertThat(cache.offer(a, new double[10])).isFalse();
        assertThat(cache.get(a)).isNull();
        assertThat(cache.offer(a, new double[10])).isTrue();
        assertThat(cache.get(a)).isNotNull();
    }

    @Test
    void theMemoryOfSubtreesOfferedOnceIsBounded() {
        SubtreeCache cache = new SubtreeCache(1L << 20);
        Expr a = new Expr.Field("a");
        cache.offer(a, new double[1]);
        for (int i = 0; i < SubtreeCache.MAX_REMEMBERED; i++) {
            cache.offer(new Expr.Field("f" + i), new double[1]);
        }
        // Forgotten when the memory overflowed: a is a first offer again.
        assertThat(cache.offer(a, new double[1])).isFalse();
        assertThat(cache.offer(a, new double[1])).isTrue();
    }

    @Test
    void anEvictedValueIsHandedOutAgainOnlyAfterTheEvaluationThatMayReadIt() {
        int cells = 10;
        SubtreeCache cache = new SubtreeCache(8L * cells);
        Expr a = new Expr.Field("a");
        double[] aValues = new double[cells];
        cache.offer(a, aValues);
        cache.offer(a, aValues);
        offerTwice(cache, new Expr.Field("b"), cells);
        assertThat(cache.get(a)).isNull();
        assertThat(cache.spare()).isNull();
        cache.evaluationDone();
        assertThat(cache.spare()).isSameAs(aValues);
        assertThat(cache.spare()).isNull();
    }

    @Test
    void recycledArraysComeBackAsSparesUpToABound() {
        SubtreeCache cache = new SubtreeCache(1L << 20);
        for (int i = 0; i < SubtreeCache.MAX_SPARES + 5; i++) {
            cache.recycle(new double[1]);
        }
        int spares = 0;
        while (cache.spare() != null) {
            spares++;
        }
        assertThat(spares).isEqualTo(SubtreeCache.MAX_SPARES);
    }

    private static void offerTwice(SubtreeCache cache, Expr subtree, int cells) {
        assertThat(cache.offer(subtree, new double[cells])).isFalse();
        assertThat(cache.offer(subtree, new double[cells])).isTrue();
    }
}
