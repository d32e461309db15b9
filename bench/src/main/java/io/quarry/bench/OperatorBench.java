package io.quarry.bench;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
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
 * Single operators over the full shared panel (one formula each), and the memory bandwidth
 * reference: a plain copy of an array the size of one field.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
public class OperatorBench {

    @Param({"delta(close, 1)", "rank(close)", "ts_rank(close, 10)", "correlation(close, volume, 10)",
            "correlation(close, volume, 250)", "decay_linear(close, 20)", "ts_max(close, 20)",
            "indneutralize(close, IndClass.sector)"})
    public String formula;

    private Panel panel;
    private List<CheckedAlpha> alpha;
    private double[] source;
    private double[] target;
    private final BatchEvaluator evaluator = new BatchEvaluator();

    @Setup
    public void load() throws IOException {
        panel = BenchData.sharedPanel();
        alpha = List.of(Checker.standard().checkExpression("a", formula, Definition.Kind.ALPHA));
        source = panel.values("close");
        target = new double[source.length];
    }

    @Benchmark
    public Evaluation evaluate() {
        return evaluator.evaluate(panel, alpha);
    }

    /** Reads one field-sized array and writes another: the floor for any element-wise operator. */
    @Benchmark
    public double[] copyOneField() {
        System.arraycopy(source, 0, target, 0, source.length);
        return target;
    }
}
