package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import io.quarry.evaluator.PlainKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backtests on the shared S&P 500 panel (2013-02 .. 2016-12), over 2015-01-01 .. 2016-12-30. */
class SharedDataBacktestTest {

    private static Panel panel;
    private static int from;

    @BeforeAll
    static void load() throws IOException {
        panel = BarsReader.read(SharedData.file("sp500_2013_2016.csv.gz"),
                GroupsReader.read(SharedData.file("sp500_sectors.csv")));
        from = 0;
        while (panel.timestamps().get(from).compareTo("2015-01-01") < 0) {
            from++;
        }
    }

    /** Uniform random values, redrawn every row for every symbol with a bar. */
    private static Signal random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[panel.rows() * panel.symbolCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = panel.barMask()[i] ? random.nextDouble() : Double.NaN;
        }
        return new Signal("random_" + seed, "uniform noise, seed " + seed, v);
    }

    /**
     * A random alpha (seed 42) has a long-short Sharpe within noise of 0. Costs are 0 here: a signal
     * redrawn every day replaces most of each leg every day, and at 5 / 15 bps that alone costs about
     * 2.5 bps x 2 x 0.8 x 2 a day (-75% a year), which says nothing about look-ahead or bias.
     */
    @Test
    void randomAlphaSharpeIsWithinNoiseOfZero() {
        BacktestSpec noCosts = BacktestSpec.defaults().withCosts(0, 0);
        BacktestResult r = new Backtester(new PlainKernels(), 2).run(panel, random(42), from, panel.rows(), noCosts);
        // 503 return days: the standard error of an annualised Sharpe is sqrt(252 / 503) = 0.71.
        double noise = Math.sqrt(252.0 / r.metrics().days());
        assertThat(r.metrics().days()).isEqualTo(503);
        assertThat(Math.abs(r.metrics().sharpe())).isLessThan(3 * noise);
        // Twenty seeds: their mean Sharpe has a standard error of 0.71 / sqrt(20) = 0.16, and their
        // spread is the noise of one.
        List<Signal> signals = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            signals.add(random(seed));
        }
        BacktestRun run = new Backtester(new PlainKernels(), 2).runAll(panel, signals, from, panel.rows(), noCosts,
                Combination.NONE, 0);
        double[] sharpes = run.alphas().stream().mapToDouble(a -> a.metrics().sharpe()).toArray();
        assertThat(Math.abs(Metrics.mean(sharpes))).isLessThan(3 * noise / Math.sqrt(20));
        assertThat(Metrics.std(sharpes)).isBetween(0.5 * noise, 1.5 * noise);
        // With the default costs the same random alpha loses what it trades.
        BacktestResult costly = new Backtester(new PlainKernels(), 2).run(panel, random(42), from, panel.rows(),
                BacktestSpec.defaults());
        assertThat(costly.metrics().annualCost()).isGreaterThan(0.5);
        assertThat(costly.metrics().turnover()).isGreaterThan(1.2);
    }

    /**
     * All 100 evaluable WQ alphas (wq101_056 needs 'cap', which the data lacks) over two years,
     * backtested with their combination and reported (the time it takes is measured in
     * docs/PERFORMANCE.md, not here: a loaded CI machine would make a timed test flaky).
     */
    @Test
    void backtestsTheHundredWqAlphasAndWritesTheReport(@TempDir Path dir) throws IOException {
        CheckedFile file = new Checker(Limits.DEFAULT, panel.fieldNames()).check(
                new Source("wq101.alpha", Files.readString(SharedData.repoRoot().resolve("alphas/wq101.alpha"))));
        Evaluation evaluation = new BatchEvaluator().evaluate(panel, file.orThrow());
        BacktestRun run = new Backtester(new PlainKernels(), 2).runAll(panel, evaluation, from, panel.rows(),
                BacktestSpec.defaults(), Combination.EQUAL, 5);
        new ReportWriter().write(run, dir);
        assertThat(run.alphas()).hasSize(100);
        assertThat(run.failed()).containsOnlyKeys("wq101_056");
        assertThat(run.selected()).hasSize(6).endsWith("combined_equal");
        assertThat(dir.resolve("index.html")).isNotEmptyFile();
        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(102);
    }
}
