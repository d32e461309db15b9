package io.quarry.bench;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
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

/** The 100 evaluable WQ101 alphas over the full shared panel, in process, after warm-up. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
public class Wq101EvaluationBench {

    private Panel panel;
    private List<CheckedAlpha> alphas;
    private final BatchEvaluator evaluator = new BatchEvaluator();

    @Setup
    public void load() throws IOException {
        panel = BenchData.sharedPanel();
        alphas = BenchData.wq101(panel);
    }

    @Benchmark
    public Evaluation evaluateAll() {
        return evaluator.evaluate(panel, alphas);
    }
}
