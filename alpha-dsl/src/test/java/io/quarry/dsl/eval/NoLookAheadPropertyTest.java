package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.Panels;
import io.quarry.dsl.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** No look-ahead: changing the data after row t never changes any value at or before t. */
class NoLookAheadPropertyTest {

    private static final List<CheckedAlpha> WQ101 = loadWq101();

    private static List<CheckedAlpha> loadWq101() {
        try {
            String text = Files.readString(SharedData.repoRoot().resolve("alphas/wq101.alpha"));
            return Checker.standard().check(new Source("wq101.alpha", text)).orThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Property(tries = 8)
    void perturbingRowsAfterTLeavesEveryWqValueAtTUnchanged(@ForAll @IntRange(min = 0, max = 1000) int seed,
                                                            @ForAll @IntRange(min = 1, max = 258) int cut) {
        Panel panel = Panels.random(260, 25, seed);
        Panel perturbed = perturbAfter(panel, cut, seed);
        BatchEvaluator evaluator = new BatchEvaluator(2);
        Evaluation before = evaluator.evaluate(panel, WQ101);
        Evaluation after = evaluator.evaluate(perturbed, WQ101);
        int rows = panel.rows();
        for (int a = 0; a < WQ101.size(); a++) {
            EvaluatedAlpha x = before.alphas().get(a);
            EvaluatedAlpha y = after.alphas().get(a);
            assertThat(y.ok()).isEqualTo(x.ok());
            if (!x.ok()) {
                continue;
            }
            for (int s = 0; s < panel.symbolCount(); s++) {
                for (int t = 0; t <= cut; t++) {
                    int i = s * rows + t;
                    assertThat(Double.doubleToLongBits(y.values()[i]))
                            .as("%s symbol %d row %d (data changed after row %d)", x.name(), s, t, cut)
                            .isEqualTo(Double.doubleToLongBits(x.values()[i]));
                }
            }
        }
    }

    /** The same market with every value after row {@code cut} scaled by a random factor. */
    private static Panel perturbAfter(Panel panel, int cut, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int rows = panel.rows();
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String name : panel.fieldNames()) {
            double[] v = panel.values(name).clone();
            for (int s = 0; s < panel.symbolCount(); s++) {
                for (int t = cut + 1; t < rows; t++) {
                    v[s * rows + t] *= 0.5 + random.nextDouble();
                }
            }
            fields.put(name, v);
        }
        return new Panel(panel.timestamps(), panel.symbols(), fields, panel.barMask(), panel.groups());
    }
}
