package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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
            public boolean offer(Expr subtree, double[] values, long costNanos) {
                return cache.offer(subtree, values, costNanos);
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
        assertThat(cache.offer(a, new double[cells], 1)).isFalse();
        assertThat(cache.offer(new Expr.Field("huge"), new double[3 * cells], 1)).isFalse();
        assertThat(cache.offer(new Expr.Field("huge"), new double[3 * cells], 1)).isFalse();
    }

    @Test
    void theEntryCheapestToComputeAgainLeavesFirstThoughReadMoreRecently() {
        int cells = 10;
        SubtreeCache cache = new SubtreeCache(8L * cells * 2);
        Expr costly = new Expr.Field("costly");
        Expr cheap = new Expr.Field("cheap");
        keep(cache, costly, cells, 1_000);
        keep(cache, cheap, cells, 10);
        assertThat(cache.get(cheap)).isNotNull();
        keep(cache, new Expr.Field("next"), cells, 10);
        assertThat(cache.get(cheap)).isNull();
        assertThat(cache.get(costly)).isNotNull();
    }

    @Test
    void aCostlyEntryNoLongerReadLeavesOnceTheClockHasPassedIt() {
        // Room for two. Each eviction sets the clock to the evicted entry's priority, and a kept
        // entry's priority is the clock plus its cost: costly 0 + 100; x0 0 + 30; x1 evicts x0
        // (clock 30) and gets 60; x2 evicts x1 (60) and gets 90; x3 evicts x2 (90) and gets 120;
        // x4 evicts costly (100).
        int cells = 10;
        SubtreeCache cache = new SubtreeCache(8L * cells * 2);
        double[] costly = keep(cache, new Expr.Field("costly"), cells, 100);
        Set<double[]> cheap = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 4; i++) {
            cheap.add(keep(cache, new Expr.Field("x" + i), cells, 30));
        }
        cache.evaluationDone(cache.evaluationStarted());
        for (int i = 0; i < 3; i++) {
            assertThat(cheap).contains(cache.spare());
        }
        assertThat(cache.spare()).isNull();
        keep(cache, new Expr.Field("x4"), cells, 30);
        cache.evaluationDone(cache.evaluationStarted());
        assertThat(cache.spare()).isSameAs(costly);
    }

    @Test
    void aSubtreeIsKeptOnlyWhenOfferedASecondTime() {
        SubtreeCache cache = new SubtreeCache(1L << 20);
        Expr a = new Expr.Field("a");
        assertThat(cache.offer(a, new double[10], 1)).isFalse();
        assertThat(cache.get(a)).isNull();
        assertThat(cache.offer(a, new double[10], 1)).isTrue();
        assertThat(cache.get(a)).isNotNull();
    }

    @Test
    void theMemoryOfSubtreesOfferedOnceIsBounded() {
        SubtreeCache cache = new SubtreeCache(1L << 20);
        Expr a = new Expr.Field("a");
        cache.offer(a, new double[1], 1);
        for (int i = 0; i < SubtreeCache.MAX_REMEMBERED; i++) {
            cache.offer(new Expr.Field("f" + i), new double[1], 1);
        }
        // Forgotten when the memory overflowed: a is a first offer again.
        assertThat(cache.offer(a, new double[1], 1)).isFalse();
        assertThat(cache.offer(a, new double[1], 1)).isTrue();
    }

    @Test
    void anEvictedValueIsHandedOutAgainOnlyAfterTheEvaluationThatMayReadIt() {
        int cells = 10;
        SubtreeCache cache = new SubtreeCache(8L * cells);
        Expr a = new Expr.Field("a");
        double[] aValues = new double[cells];
        long evaluation = cache.evaluationStarted();
        cache.offer(a, aValues, 1);
        cache.offer(a, aValues, 1);
        offerTwice(cache, new Expr.Field("b"), cells);
        assertThat(cache.get(a)).isNull();
        assertThat(cache.spare()).isNull();
        cache.evaluationDone(evaluation);
        assertThat(cache.spare()).isSameAs(aValues);
        assertThat(cache.spare()).isNull();
    }

    @Test
    void anEvictedValueWaitsForEveryEvaluationThatStartedBeforeItLeft() {
        int cells = 10;
        SubtreeCache cache = new SubtreeCache(8L * cells, 2);
        double[] a = keep(cache, new Expr.Field("a"), cells, 1);
        long first = cache.evaluationStarted();
        long second = cache.evaluationStarted();
        keep(cache, new Expr.Field("b"), cells, 1);
        cache.evaluationDone(first);
        // The second evaluation may have read a before it left.
        assertThat(cache.spare()).isNull();
        long third = cache.evaluationStarted();
        cache.evaluationDone(second);
        // The third started after a left, so it cannot read it.
        assertThat(cache.spare()).isSameAs(a);
        cache.evaluationDone(third);
    }

    @Test
    void anEvaluationStartedAfterAnEvictionDoesNotHoldTheValueBack() {
        int cells = 10;
        SubtreeCache cache = new SubtreeCache(8L * cells, 2);
        double[] a = keep(cache, new Expr.Field("a"), cells, 1);
        long before = cache.evaluationStarted();
        keep(cache, new Expr.Field("b"), cells, 1);
        long after = cache.evaluationStarted();
        cache.evaluationDone(before);
        assertThat(cache.spare()).isSameAs(a);
        cache.evaluationDone(after);
    }

    @Test
    void recycledArraysComeBackAsSparesUpToABoundPerEvaluator() {
        for (int evaluators = 1; evaluators <= 2; evaluators++) {
            SubtreeCache cache = new SubtreeCache(1L << 20, evaluators);
            for (int i = 0; i < evaluators * SubtreeCache.MAX_SPARES + 5; i++) {
                cache.recycle(new double[1]);
            }
            int spares = 0;
            while (cache.spare() != null) {
                spares++;
            }
            assertThat(spares).isEqualTo(evaluators * SubtreeCache.MAX_SPARES);
        }
    }

    private static void offerTwice(SubtreeCache cache, Expr subtree, int cells) {
        keep(cache, subtree, cells, 1);
    }

    /** Offers a subtree twice, so that the cache keeps it, and returns the array kept. */
    private static double[] keep(SubtreeCache cache, Expr subtree, int cells, long costNanos) {
        double[] kept = new double[cells];
        assertThat(cache.offer(subtree, new double[cells], costNanos)).isFalse();
        assertThat(cache.offer(subtree, kept, costNanos)).isTrue();
        return kept;
    }
}
