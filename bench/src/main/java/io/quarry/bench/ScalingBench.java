package io.quarry.bench;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.synth.MarketGenerator;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost against panel size: the first 20 WQ101 alphas over generated panels of 1x, 4x and 16x the
 * shared panel's cells (499 symbols x 982 days; 4x doubles both, 16x quadruples both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx12g", "-XX:+UseParallelGC"})
public class ScalingBench {

    @Param({"1", "4", "16"})
    public int scale;

    private Panel panel;
    private List<CheckedAlpha> alphas;
    private final BatchEvaluator evaluator = new BatchEvaluator();

    @Setup
    public void generate() throws IOException {
        int side = (int) Math.round(Math.sqrt(scale));
        panel = MarketGenerator.generate(new MarketGenerator.Spec(499 * side, 982 * side, 11));
        alphas = BenchData.wq101(panel).subList(0, 20);
    }

    @Benchmark
    public Evaluation evaluate() {
        return evaluator.evaluate(panel, alphas);
    }
}
