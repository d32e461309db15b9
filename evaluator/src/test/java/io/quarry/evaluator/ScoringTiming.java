package io.quarry.evaluator;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link Scorer} on the WQ101 alphas over 2016 (not a unit test: run it by hand). After
 * {@code mvn -o -pl evaluator test-compile}, from {@code evaluator/}:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.quarry.evaluator.ScoringTiming [runs]
 * </pre>
 * with {@code cp.txt} from {@code mvn -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * -Dmdep.includeScope=test}. Prints wall and process CPU seconds of each run after three warm-up
 * runs, and the median wall time. For scale, each run also times one plain evaluation of the same
 * alphas over the whole panel ({@link BatchEvaluator}), which scoring repeats three times on fewer
 * rows.
 */
public final class ScoringTiming {

    private ScoringTiming() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long start = System.nanoTime();
        Panel panel = BarsReader.read(SharedData.file("sp500_2013_2016.csv.gz"),
                GroupsReader.read(SharedData.file("sp500_sectors.csv")));
        List<CheckedAlpha> alphas = Checker.standard().check(new Source("wq101.alpha",
                Files.readString(SharedData.repoRoot().resolve("alphas/wq101.alpha")))).orThrow();
        System.out.printf(Locale.ROOT, "loaded %s and checked %d alphas in %.2f s%n", panel, alphas.size(),
                (System.nanoTime() - start) / 1e9);
        ScoreRequest request = new ScoreRequest(panel, alphas, new Label.ForwardReturn(1), "2016-01-01",
                "2016-12-31");
        Scorer scorer = new Scorer(new PlainKernels());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] walls = new double[runs];
        for (int i = -3; i < runs; i++) {
            long cpu = os.getProcessCpuTime();
            long t = System.nanoTime();
            ScoreReport report = scorer.score(request);
            double wall = (System.nanoTime() - t) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
            long evalCpu = os.getProcessCpuTime();
            long evalStart = System.nanoTime();
            new BatchEvaluator().evaluate(panel, alphas);
            System.out.printf(Locale.ROOT, "%s score: wall %.2f s, cpu %.2f s (%d alphas scored) | one full "
                            + "evaluation: wall %.2f s, cpu %.2f s | load average %.1f%n", i < 0 ? "warm-up" : "run    ",
                    wall, cpuSeconds, report.alphas().stream().filter(a -> a.error() == null).count(),
                    (System.nanoTime() - evalStart) / 1e9, (os.getProcessCpuTime() - evalCpu) / 1e9,
                    os.getSystemLoadAverage());
            if (i >= 0) {
                walls[i] = wall;
            }
        }
        Arrays.sort(walls);
        System.out.printf(Locale.ROOT, "median wall %.2f s over %d runs on %d cores%n", walls[runs / 2], runs,
                Runtime.getRuntime().availableProcessors());
    }
}
