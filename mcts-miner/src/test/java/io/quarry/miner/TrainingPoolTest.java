package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.AlphaPool;
import io.quarry.evaluator.Label;
import io.quarry.evaluator.PlainKernels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TrainingPool} against {@link AlphaPool}, the definition it must reproduce. */
class TrainingPoolTest {

    private static final List<String> FORMULAS = List.of(
            "rank(delta(close, 5))", "-rank(sum(returns, 5))", "ts_rank(volume, 10)", "close / delay(close, 20)",
            "correlation(close, volume, 10)", "stddev(returns, 20)", "rank(delta(close, 5))",
            "rank(delta(close, 5)) + 0.0001 * rank(volume)", "zscore(open - close)", "decay_linear(returns, 10)",
            "(high - low) / close", "ts_argmax(close, 20)", "mean(volume, 5) / mean(volume, 40)", "sign(returns)");

    @Test
    void sameDecisionsWeightsAndIcAsAlphaPoolWithEvictions() {
        Panel panel = Markets.synthetic(60, 160, 3);
        int trainEnd = 150;
        String trainTo = panel.timestamps().get(trainEnd - 1);
        List<CheckedAlpha> alphas = java.util.stream.IntStream.range(0, FORMULAS.size())
                .mapToObj(i -> Markets.alpha("f" + (i == 6 ? 0 : i), FORMULAS.get(i))).toList();
        var values = new BatchEvaluator(1).evaluate(panel, alphas).alphas();
        AlphaPool reference = AlphaPool.create(new PlainKernels(), panel, new Label.ForwardReturn(1), null, trainTo, 4, 0);
        TrainingPool pool = new TrainingPool(panel, trainEnd, 4);
        int accepted = 0;
        int evictions = 0;
        for (int i = 0; i < alphas.size(); i++) {
            String name = alphas.get(i).name();
            double[] v = values.get(i).values();
            AlphaPool.Admission expected = reference.add(name, v);
            TrainingPool.Prepared p = pool.prepare(name, v);
            TrainingPool.Trial trial = pool.trial(p, pool.crossDays(p));
            assertThat(trial.accepted()).as("admission of %s", FORMULAS.get(i)).isEqualTo(expected.accepted());
            if (expected.accepted()) {
                accepted++;
                evictions += expected.evicted() != null ? 1 : 0;
                pool.commit(trial);
                reference = expected.pool();
                assertThat(pool.members()).isEqualTo(reference.members());
                double[] w = pool.weights();
                List<Double> rw = List.copyOf(reference.weights().values());
                for (int k = 0; k < w.length; k++) {
                    assertThat(w[k]).isCloseTo(rw.get(k), within(1e-9 * Math.max(1, Math.abs(rw.get(k)))));
                }
                assertThat(pool.ic()).isCloseTo(reference.ic(), within(1e-10));
            }
        }
        // The sequence exercises the rules: a duplicate name (f0 twice), a near copy (corr > 0.99), evictions.
        assertThat(accepted).isBetween(5, FORMULAS.size() - 2);
        assertThat(evictions).isPositive();
    }

    @Test
    void aCandidateThatVariesOnFewerThanHalfTheDaysIsRejected() {
        Panel panel = Markets.synthetic(40, 120, 4);
        int trainEnd = 110;
        // Constant 0.5 except where a return beats 10%: varies on a few days only.
        List<CheckedAlpha> alphas = List.of(Markets.alpha("rare", "greater(0.5, returns * 5)"),
                Markets.alpha("daily", "returns"));
        var values = new BatchEvaluator(1).evaluate(panel, alphas).alphas();
        TrainingPool pool = new TrainingPool(panel, trainEnd, 3);
        TrainingPool.Prepared rare = pool.prepare("rare", values.get(0).values());
        TrainingPool.Prepared daily = pool.prepare("daily", values.get(1).values());
        assertThat(rare.varyingDays()).isPositive().isLessThan(pool.days() / 2);
        assertThat(daily.varyingDays()).isEqualTo(pool.days() - 1);
        assertThat(pool.trial(rare, pool.crossDays(rare)).accepted()).isFalse();
        assertThat(pool.trial(daily, pool.crossDays(daily)).accepted()).isTrue();
    }

    @Test
    void crossProductsAreTheSymbolBySymbolSumsBitForBit() {
        // 30 symbols: blocks of 8 with a remainder, unrolled by 4 with a remainder; 3 members: a pair and one.
        Panel panel = Markets.synthetic(30, 120, 5);
        int trainEnd = 110;
        List<CheckedAlpha> alphas = List.of(Markets.alpha("a", "rank(delta(close, 5))"),
                Markets.alpha("b", "close / delay(close, 20)"), Markets.alpha("c", "ts_rank(volume, 10)"),
                Markets.alpha("d", "correlation(close, volume, 10)"), Markets.alpha("e", "stddev(returns, 20)"));
        var values = new BatchEvaluator(1).evaluate(panel, alphas).alphas();
        TrainingPool pool = new TrainingPool(panel, trainEnd, 5);
        List<TrainingPool.Prepared> prepared = new java.util.ArrayList<>();
        for (int i = 0; i < alphas.size(); i++) {
            prepared.add(pool.prepare(alphas.get(i).name(), values.get(i).values()));
        }
        for (int i = 0; i < 3; i++) {
            TrainingPool.Trial t = pool.trial(prepared.get(i), pool.crossDays(prepared.get(i)));
            assertThat(t.accepted()).isTrue();
            pool.commit(t);
        }
        double[][][] cross = pool.crossDays(prepared.subList(3, 5), 2);
        int days = pool.days();
        for (int j = 0; j < 2; j++) {
            for (int m = 0; m < 3; m++) {
                double[] expected = new double[days];
                double[] zc = prepared.get(3 + j).z();
                double[] zm = prepared.get(m).z();
                for (int s = 0; s < 30; s++) {
                    for (int d = 0; d < days; d++) {
                        expected[d] += zc[s * days + d] * zm[s * days + d];
                    }
                }
                assertThat(cross[j][m]).containsExactly(expected);
                assertThat(pool.dayDots(zc, zm)).containsExactly(expected);
            }
        }
        // After d joins, e's products with the first three are reused and only the one with d computed.
        List<TrainingPool.Prepared> before = pool.memberStats();
        pool.commit(pool.trial(prepared.get(3), cross[0]));
        double[][] reused = pool.crossDays(prepared.get(4), before, cross[1]);
        double[][] fresh = pool.crossDays(prepared.get(4));
        assertThat(reused.length).isEqualTo(4);
        for (int m = 0; m < 4; m++) {
            assertThat(reused[m]).containsExactly(fresh[m]);
        }
        assertThat(reused[0]).isSameAs(cross[1][0]);
    }

    @Test
    void aReleasedCandidatesArraysAreReusedWithoutTrace() {
        Panel panel = Markets.synthetic(30, 120, 6);
        int trainEnd = 110;
        List<CheckedAlpha> alphas = List.of(Markets.alpha("late", "close / delay(close, 20)"),
                Markets.alpha("full", "returns"));
        var values = new BatchEvaluator(1).evaluate(panel, alphas).alphas();
        TrainingPool pool = new TrainingPool(panel, trainEnd, 3);
        TrainingPool.Prepared fresh = pool.prepare("late", values.get(0).values());
        TrainingPool.Prepared other = pool.prepare("full", values.get(1).values());
        pool.release(other);
        TrainingPool.Prepared reused = pool.prepare("late", values.get(0).values());
        assertThat(reused.z()).isSameAs(other.z());
        assertThat(reused.z()).containsExactly(fresh.z());
        assertThat(reused.present()).containsExactly(fresh.present());
        assertThat(reused.labelDot()).containsExactly(fresh.labelDot());
        assertThat(reused.sum()).containsExactly(fresh.sum());
        assertThat(reused.selfDay()).containsExactly(fresh.selfDay());
        assertThat(reused.self()).isEqualTo(fresh.self());
        assertThat(reused.labelZDot()).isEqualTo(fresh.labelZDot());
    }

    @Test
    void simdCrossProductsAreTheSymbolBySymbolSumsBitForBitForEveryPoolSize() {
        assertThat(TrainingPool.VECTOR_API).as("the build runs these tests with --add-modules jdk.incubator.vector")
                .isTrue();
        // 101 symbols: two SIMD blocks of 48 and a rest; 0 to 9 members: none, one, two sets of four,
        // and every remainder; 3 candidates: a pair and one; days not a whole number of lanes. The
        // candidates go back after each round, so later rounds prepare into arrays holding others'.
        int symbols = 101;
        Panel panel = Markets.synthetic(symbols, 140, 7);
        int trainEnd = 130;
        TrainingPool lanes = new TrainingPool(panel, 0, trainEnd, 9, true);
        TrainingPool scalar = new TrainingPool(panel, 0, trainEnd, 9, false);
        int days = lanes.days();
        assertThat(days % 8).isNotZero();
        java.util.Random random = new java.util.Random(11);
        List<double[]> memberValues = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            memberValues.add(gaussian(random, panel));
        }
        List<double[]> candidateValues = List.of(gaussian(random, panel), gaussian(random, panel),
                gaussian(random, panel));
        for (int k = 0; k <= 9; k++) {
            List<TrainingPool.Prepared> inLanes = new java.util.ArrayList<>();
            List<TrainingPool.Prepared> inScalar = new java.util.ArrayList<>();
            for (int j = 0; j < 3; j++) {
                inLanes.add(lanes.prepare("c" + j, candidateValues.get(j)));
                inScalar.add(scalar.prepare("c" + j, candidateValues.get(j)));
            }
            List<TrainingPool.Prepared> members = lanes.memberStats();
            int vector = DayLanes.lanes();
            for (TrainingPool.Prepared c : inLanes) {
                for (int s = 0; s < symbols; s++) {
                    for (int d = 0; d < DayLanes.wholeDays(days); d++) {
                        assertThat(c.tiles()[DayLanes.tile(d - d % vector, s, symbols) + d % vector])
                                .as("day %d of symbol %d in the tiled copy", d, s).isEqualTo(c.z()[s * days + d]);
                    }
                }
            }
            for (int parallelism = 1; parallelism <= 2; parallelism++) {
                double[][][] fromLanes = lanes.crossDays(inLanes, parallelism);
                double[][][] fromScalar = scalar.crossDays(inScalar, parallelism);
                for (int j = 0; j < 3; j++) {
                    for (int m = 0; m < k; m++) {
                        double[] expected = new double[days];
                        double[] zc = inLanes.get(j).z();
                        double[] zm = members.get(m).z();
                        for (int s = 0; s < symbols; s++) {
                            for (int d = 0; d < days; d++) {
                                expected[d] += zc[s * days + d] * zm[s * days + d];
                            }
                        }
                        assertThat(fromLanes[j][m]).as("%d members, candidate %d, member %d", k, j, m)
                                .containsExactly(expected);
                        assertThat(fromScalar[j][m]).containsExactly(expected);
                    }
                }
            }
            inLanes.forEach(lanes::release);
            if (k < 9) {
                join(lanes, "m" + k, memberValues.get(k));
                join(scalar, "m" + k, memberValues.get(k));
            }
        }
    }

    @Test
    void preparingInSimdLanesGivesTheScalarBits() {
        assertThat(TrainingPool.VECTOR_API).as("the build runs these tests with --add-modules jdk.incubator.vector")
                .isTrue();
        Panel consecutive = Markets.synthetic(37, 150, 9);
        // Without bars on row 70 that row is no scoring day: the days are no longer consecutive rows.
        boolean[] bars = consecutive.barMask().clone();
        for (int s = 0; s < consecutive.symbolCount(); s++) {
            bars[s * consecutive.rows() + 70] = false;
        }
        java.util.Map<String, double[]> fields = new java.util.LinkedHashMap<>();
        consecutive.fieldNames().forEach(f -> fields.put(f, consecutive.values(f)));
        Panel gapped = new Panel(consecutive.timestamps(), consecutive.symbols(), fields, bars, consecutive.groups());
        java.util.Random random = new java.util.Random(13);
        for (Panel panel : List.of(consecutive, gapped)) {
            TrainingPool lanes = new TrainingPool(panel, 0, 140, 5, true);
            TrainingPool scalar = new TrainingPool(panel, 0, 140, 5, false);
            for (int k = 0; k < 3; k++) {
                double[] v = gaussian(random, panel);
                for (int s = 0; s < panel.symbolCount(); s++) {
                    for (int t = 0; t < panel.rows(); t++) {
                        double u = random.nextDouble();
                        int cell = s * panel.rows() + t;
                        // Missing values, signed zeros, a constant row (sd 0: its mean is not exactly 0.1)
                        // and a row with one value.
                        if (t == 30) {
                            v[cell] = 0.1;
                        } else if (t == 31) {
                            v[cell] = s == 0 ? 1.0 : Double.NaN;
                        } else if (u < 0.15) {
                            v[cell] = u < 0.1 ? Double.NaN : u < 0.125 ? -0.0 : 0.0;
                        }
                    }
                }
                TrainingPool.Prepared a = lanes.prepare("c" + k, v);
                TrainingPool.Prepared b = scalar.prepare("c" + k, v);
                assertThat(a.z()).containsExactly(b.z());
                assertThat(a.present()).containsExactly(b.present());
                assertThat(a.labelDot()).containsExactly(b.labelDot());
                assertThat(a.sum()).containsExactly(b.sum());
                assertThat(a.selfDay()).containsExactly(b.selfDay());
                assertThat(Double.doubleToRawLongBits(a.self())).isEqualTo(Double.doubleToRawLongBits(b.self()));
                assertThat(Double.doubleToRawLongBits(a.labelZDot()))
                        .isEqualTo(Double.doubleToRawLongBits(b.labelZDot()));
                assertThat(a.varyingDays()).isEqualTo(b.varyingDays()).isLessThan(lanes.days());
            }
        }
        assertThat(new TrainingPool(gapped, 0, 140, 5).days())
                .isEqualTo(new TrainingPool(consecutive, 0, 140, 5).days() - 1);
    }

    private static double[] gaussian(java.util.Random random, Panel panel) {
        double[] v = new double[panel.symbolCount() * panel.rows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static void join(TrainingPool pool, String name, double[] values) {
        TrainingPool.Prepared p = pool.prepare(name, values);
        TrainingPool.Trial t = pool.trial(p, pool.crossDays(p));
        assertThat(t.accepted()).as("%s joins", name).isTrue();
        pool.commit(t);
    }
}
