package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streaming equals batch on the shared S&P 500 panel: all 101 WQ alphas, all 499 symbols, the 504
 * days of 2015-2016 streamed one cross-section at a time (the whole 982 days agree as well, see
 * docs/PERFORMANCE.md; two years keep the suite fast).
 */
class IncrementalWq101Test {

    @Test
    void everyWqAlphaStreamedOverTheSharedPanelEqualsBatch() throws IOException {
        Panel panel = SharedPanel.load("2015-01-01", "2016-12-31");
        String text = Files.readString(SharedData.repoRoot().resolve("alphas/wq101.alpha"));
        List<CheckedAlpha> alphas = new Checker(Limits.DEFAULT, panel.fieldNames())
                .check(new Source("wq101.alpha", text)).orThrow();
        assertThat(alphas).hasSize(101);
        assertThat(panel.rows()).isGreaterThan(500);
        assertThat(panel.symbolCount()).isEqualTo(499);
        int lookback = alphas.stream().mapToInt(CheckedAlpha::lookback).max().orElseThrow();
        IncrementalEvaluator evaluator = new IncrementalEvaluator(alphas, panel.groups(), lookback);
        long start = System.nanoTime();
        Map<String, double[]> streamed = Streams.stream(evaluator, panel, 0, panel.rows(), 0, new LinkedHashMap<>());
        double seconds = (System.nanoTime() - start) / 1e9;

        Evaluation batch = new BatchEvaluator(2).evaluate(panel, alphas);
        int rows = panel.rows();
        List<String> failing = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        long allCells = 0;
        long allExact = 0;
        for (CheckedAlpha alpha : alphas) {
            double[] expected = batch.values(alpha.name());
            double[] actual = streamed.get(alpha.name());
            long cells = 0;
            long close = 0;
            long exact = 0;
            long nanMismatch = 0;
            for (int s = 0; s < panel.symbolCount(); s++) {
                for (int t = 0; t < rows; t++) {
                    if (!panel.hasBar(t, s)) {
                        continue;
                    }
                    int i = s * rows + t;
                    cells++;
                    if (Double.isNaN(expected[i]) != Double.isNaN(actual[i])) {
                        nanMismatch++;
                    } else {
                        close += Streams.agree(expected[i], actual[i], 1e-6, true) ? 1 : 0;
                        exact += Double.compare(expected[i], actual[i]) == 0 || expected[i] == actual[i] ? 1 : 0;
                    }
                }
            }
            allCells += cells;
            allExact += exact;
            String line = String.format("%s: %.4f%% within 1e-6, %.4f%% identical, %d NaN mismatches%n",
                    alpha.name(), 100.0 * close / cells, 100.0 * exact / cells, nanMismatch);
            report.append(line);
            if (nanMismatch > 0 || close < 0.999 * cells) {
                failing.add(line.strip());
            }
        }
        System.out.printf("streamed %d rows x %d symbols x %d alphas in %.1f s; %.4f%% of %d cells identical to batch%n",
                rows, panel.symbolCount(), alphas.size(), seconds, 100.0 * allExact / allCells, allCells);
        assertThat(failing).as("alphas below 99.9%% agreement or with other NaN cells; all:%n%s", report).isEmpty();
    }
}
