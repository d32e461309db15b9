package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tests for {@link AlphaPool}: admission, eviction, the fit and the gain. */
class AlphaPoolTest {

    private static final int ROWS = 80;
    private static final int SYMBOLS = 150;

    private static Panel market;
    private static Label label;
    private static Evaluation values;

    /** lab = sig + e; half = 0.5 sig + other noise; noise and other are unrelated to the label. */
    @BeforeAll
    static void market() {
        market = Markets.market(ROWS, SYMBOLS, 9, random -> {
            double[][] sig = Markets.normals(random, ROWS, SYMBOLS);
            double[][] e = Markets.normals(random, ROWS, SYMBOLS);
            double[][] other = Markets.normals(random, ROWS, SYMBOLS);
            double[][] lab = new double[ROWS][SYMBOLS];
            double[][] half = new double[ROWS][SYMBOLS];
            for (int t = 0; t < ROWS; t++) {
                for (int s = 0; s < SYMBOLS; s++) {
                    lab[t][s] = sig[t][s] + e[t][s];
                    half[t][s] = 0.5 * sig[t][s] + other[t][s];
                }
            }
            return Map.of("sig", sig, "lab", lab, "noise", Markets.normals(random, ROWS, SYMBOLS), "a", half);
        });
        label = new Label.Named(Markets.label("lab_now", "lab"));
        List<CheckedAlpha> alphas = List.of(Markets.alpha("sig", "sig"), Markets.alpha("noise", "noise"),
                Markets.alpha("half", "a"), Markets.alpha("flat", "2"), Markets.alpha("neg", "-sig"));
        values = new BatchEvaluator().evaluate(market, alphas);
    }

    private static AlphaPool empty(int capacity, double l1) {
        return AlphaPool.create(new PlainKernels(), market, label, null, null, capacity, l1);
    }

    @Test
    void anEmptyPoolPredictsNothing() {
        AlphaPool pool = empty(3, 0);
        assertThat(pool.ic()).isNaN();
        assertThat(pool.weights()).isEmpty();
        assertThat(pool.capacity()).isEqualTo(3);
    }

    @Test
    void aSignalJoinsAndItsGainIsThePoolIc() {
        AlphaPool pool = empty(3, 0);
        double gain = pool.gain("sig", values.values("sig"));
        AlphaPool.Admission admission = pool.add("sig", values.values("sig"));
        assertThat(admission.accepted()).isTrue();
        assertThat(admission.reason()).isEqualTo("accepted");
        assertThat(admission.pool().ic()).isCloseTo(1 / Math.sqrt(2), within(0.03));
        assertThat(gain).isEqualTo(admission.pool().ic());
        assertThat(pool.members()).isEmpty();
    }

    @Test
    void aCopyOrItsMirrorIsRejected() {
        AlphaPool pool = empty(3, 0).add("sig", values.values("sig")).pool();
        AlphaPool.Admission copy = pool.add("sig_again", values.values("sig"));
        assertThat(copy.accepted()).isFalse();
        assertThat(copy.reason()).isEqualTo("rejected: its correlation with sig is 1.0000, beyond +-0.99");
        assertThat(copy.pool()).isSameAs(pool);
        assertThat(pool.gain("sig_again", values.values("sig"))).isZero();
        assertThat(pool.add("neg", values.values("neg")).reason()).contains("correlation with sig is -1.0000");
        assertThat(pool.add("sig", values.values("noise")).reason())
                .isEqualTo("rejected: a member is already named sig");
        assertThat(pool.add("flat", values.values("flat")).reason()).contains("never varies");
    }

    @Test
    void theWeightsAreTheLeastSquaresFitOfTheStackedZScores() {
        AlphaPool pool = empty(5, 0);
        for (String name : List.of("sig", "noise", "half")) {
            pool = pool.add(name, values.values(name)).pool();
        }
        ScoringRange range = ScoringRange.resolve(market, label, null, null, new BatchEvaluator());
        double[][] features = new double[3][];
        for (int i = 0; i < 3; i++) {
            features[i] = AlphaPool.zScores(range.timeMajor(values.values(List.of("sig", "noise", "half").get(i)), 0,
                    ROWS), range);
        }
        double[] target = AlphaPool.zScores(range.labelValues, range);
        double[] expected = new PlainKernels().leastSquares(features, target, 0);
        double[] actual = pool.weights().values().stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(actual).containsExactly(expected, within(1e-9));
        // lab = sig + e: regressing z(lab) on z(sig) gives about corr = 0.71; the noise adds nothing.
        assertThat(pool.weights().get("sig")).isCloseTo(0.71, within(0.05));
        assertThat(Math.abs(pool.weights().get("noise"))).isLessThan(0.05);
    }

    @Test
    void overCapacityTheSmallestWeightLeaves() {
        AlphaPool pool = empty(2, 0).add("noise", values.values("noise")).pool()
                .add("sig", values.values("sig")).pool();
        AlphaPool.Admission admission = pool.add("half", values.values("half"));
        assertThat(admission.accepted()).isTrue();
        assertThat(admission.evicted()).isEqualTo("noise");
        assertThat(admission.reason()).startsWith("accepted; noise left the full pool (smallest |weight|");
        assertThat(admission.pool().members()).containsExactly("sig", "half");

        // Offered to a full pool of strong signals, a useless candidate would have the smallest weight.
        AlphaPool full = empty(1, 0).add("sig", values.values("sig")).pool();
        AlphaPool.Admission useless = full.add("noise", values.values("noise"));
        assertThat(useless.accepted()).isFalse();
        assertThat(useless.reason()).startsWith("rejected: its weight");
        assertThat(useless.pool()).isSameAs(full);
    }

    @Test
    void anL1PenaltyShrinksTheWeights() {
        AlphaPool plain = empty(3, 0).add("sig", values.values("sig")).pool()
                .add("half", values.values("half")).pool();
        AlphaPool lasso = empty(3, 0.2).add("sig", values.values("sig")).pool()
                .add("half", values.values("half")).pool();
        double plainNorm = plain.weights().values().stream().mapToDouble(Math::abs).sum();
        double lassoNorm = lasso.weights().values().stream().mapToDouble(Math::abs).sum();
        assertThat(lassoNorm).isLessThan(plainNorm);
        assertThatThrownBy(() -> empty(3, -1)).hasMessage("l1 must be a finite number >= 0, got -1.0");
    }

    @Test
    void candidatesMustCoverThePanel() {
        assertThatThrownBy(() -> empty(3, 0).add("short", new double[10]))
                .hasMessage("the candidate has 10 values, expected rows x symbols = 12000 of the pool's panel");
    }
}
