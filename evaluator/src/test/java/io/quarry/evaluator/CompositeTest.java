package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link CompositeWeights} and the composite ranking of {@link Scorer}. */
class CompositeTest {

    private static AlphaScore score(String name, double ic, double pfs, int days) {
        return new AlphaScore(name, name, ic, ic, Double.NaN, Double.NaN, ic, Double.NaN, pfs, 100, List.of(),
                Double.NaN, 1, days, null);
    }

    @Test
    void defaultsAreDocumented() {
        assertThat(CompositeWeights.defaults().byMetric()).containsExactly(Map.entry("ic", 0.0),
                Map.entry("rank_ic", 0.0), Map.entry("icir", 0.0), Map.entry("rank_icir", 1.0), Map.entry("pps", 1.0),
                Map.entry("rre", 0.5), Map.entry("pfs", 0.5), Map.entry("logic", 0.5));
    }

    @Test
    void parseOverridesTheDefaults() {
        CompositeWeights w = CompositeWeights.parse(" rank_ic=2, pfs = 0.25 ,");
        assertThat(w.weight("rank_ic")).isEqualTo(2);
        assertThat(w.weight("pfs")).isEqualTo(0.25);
        assertThat(w.weight("pps")).isEqualTo(1);
        assertThat(CompositeWeights.parse("")).isEqualTo(CompositeWeights.defaults());
    }

    @Test
    void badWeightsAreClearErrors() {
        assertThatThrownBy(() -> CompositeWeights.parse("sharpe=1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown metric 'sharpe' in the weights (metrics: ic, rank_ic, icir, rank_icir, pps, rre, "
                        + "pfs, logic)");
        assertThatThrownBy(() -> CompositeWeights.parse("ic"))
                .hasMessage("expected metric=weight in the weights, got 'ic'");
        assertThatThrownBy(() -> CompositeWeights.parse("ic=lots"))
                .hasMessage("the weight of 'ic' is not a number: 'lots'");
        assertThatThrownBy(() -> CompositeWeights.parse("ic=NaN")).hasMessageContaining("must be a finite number");
        assertThatThrownBy(() -> new CompositeWeights(Map.of("x", 1.0))).hasMessageContaining("unknown metric 'x'");
    }

    @Test
    void theCompositeIsTheWeightedSumOfZScores() {
        // ic = 1, 2, 3: mean 2, sd 1, z = -1, 0, 1. pfs = 0.5, 0.5, NaN: equal values, so z = 0 for all
        // (a NaN is z 0 too). With weights ic 2, pfs 1 the composites are -2, 0, 2.
        CompositeWeights w = new CompositeWeights(Map.of("ic", 2.0, "pfs", 1.0));
        List<AlphaScore> ranked = Scorer.Composite.rank(List.of(score("a", 1, 0.5, 100), score("b", 2, 0.5, 100),
                score("c", 3, Double.NaN, 100)), w);
        assertThat(ranked).extracting(AlphaScore::name).containsExactly("c", "b", "a");
        assertThat(ranked).extracting(AlphaScore::composite).containsExactly(2.0, 0.0, -2.0);
    }

    @Test
    void alphasWithTooFewDaysAndFailuresComeLast() {
        // "thin" has an IC on 10 days against 100 for the best-covered: no composite, after the others,
        // and left out of the z statistics (so a and b are z = -0.707, +0.707).
        AlphaScore failed = new AlphaScore("broken", "x", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, List.of(), Double.NaN, Double.NaN, 0, "field 'cap' is missing");
        List<AlphaScore> ranked = Scorer.Composite.rank(List.of(failed, score("thin", 9, 1, 10), score("a", 1, 1, 100),
                score("b", 2, 1, 90)), new CompositeWeights(Map.of("ic", 1.0)));
        assertThat(ranked).extracting(AlphaScore::name).containsExactly("b", "a", "thin", "broken");
        assertThat(ranked.get(0).composite()).isCloseTo(Math.sqrt(0.5), within(1e-15));
        assertThat(ranked.get(2).composite()).isNaN();
        assertThat(ranked.get(3).composite()).isNaN();
    }
}
