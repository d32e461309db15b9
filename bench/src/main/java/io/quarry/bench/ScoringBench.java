package io.quarry.bench;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.Label;
import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.ScoreReport;
import io.quarry.evaluator.ScoreRequest;
import io.quarry.evaluator.Scorer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code quarry score}'s work in process: the 100 evaluable WQ101 alphas scored over 2016 on the shared
 * panel (three evaluations, every metric, diversity and the pool), plain-Java kernels, after warm-up.
 * The JVM runs with the flags of the {@code quarry} launcher: {@code -XX:PerMethodTrapLimit=0} changes
 * what C2 makes of the kernels, and the scores of the product are those of its launcher's JVM
 * (docs/PERFORMANCE.md, "Scoring", has both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx2g", "-XX:PerMethodTrapLimit=0", "-XX:+UseParallelGC"})
public class ScoringBench {

    private ScoreRequest request;
    private final Scorer scorer = new Scorer(new PlainKernels());

    @Setup
    public void load() throws IOException {
        Panel panel = BenchData.sharedPanel();
        List<CheckedAlpha> alphas = BenchData.wq101(panel);
        request = new ScoreRequest(panel, alphas, new Label.ForwardReturn(1), "2016-01-01", "2016-12-31");
    }

    @Benchmark
    public ScoreReport scoreWq101Over2016() {
        return scorer.score(request);
    }
}
