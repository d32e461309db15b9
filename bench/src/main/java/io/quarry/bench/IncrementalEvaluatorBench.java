package io.quarry.bench;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.CrossSection;
import io.quarry.dsl.eval.CrossSectionValues;
import io.quarry.dsl.eval.IncrementalEvaluator;
import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The incremental evaluator on one thread: the 100 evaluable WQ101 alphas stepped one
 * cross-section (~489 symbols) at a time over the shared panel, after 260 warm-up rows (every
 * window full). The {@code alphaValues} counter is the throughput in alpha values per second per
 * core. At the panel's end the run restarts from a copy of the warm state (one copy per 722
 * steps, inside the measurement).
 *
 * <p>Each iteration also prints the alpha values per CPU-second of the benchmark thread: on a
 * machine whose cores other work shares, wall-clock rates understate the per-core figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
public class IncrementalEvaluatorBench {

    private static final int WARM_ROWS = 260;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CrossSection[] rows;
    private IncrementalEvaluator warm;
    private IncrementalEvaluator evaluator;
    private int next;
    /** Alpha values produced since the trial started. */
    private long total;
    private long totalAtStart;
    private long cpuAtStart;

    /** Alpha values produced, reported by JMH as a rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Produced {
        public long alphaValues;
    }

    @Setup
    public void load() throws IOException {
        Panel panel = BenchData.sharedPanel();
        List<CheckedAlpha> alphas = BenchData.wq101(panel);
        rows = new CrossSection[panel.rows()];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = crossSection(panel, t);
        }
        int lookback = alphas.stream().mapToInt(CheckedAlpha::lookback).max().orElse(0);
        warm = new IncrementalEvaluator(alphas, panel.groups(), lookback);
        for (int t = 0; t < WARM_ROWS; t++) {
            warm.step(rows[t]);
        }
        restart();
    }

    private void restart() {
        evaluator = warm.copy();
        next = WARM_ROWS;
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
        totalAtStart = total;
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuAtStart) / 1e9;
        System.out.printf("  [%.2f M alpha values per CPU-second]%n", (total - totalAtStart) / cpuSeconds / 1e6);
    }

    @Benchmark
    public CrossSectionValues step(Produced produced) {
        if (next == rows.length) {
            restart();
        }
        CrossSectionValues values = evaluator.step(rows[next++]);
        long count = (long) values.values().length * values.symbols().size();
        produced.alphaValues += count;
        total += count;
        return values;
    }

    /** Row t of the panel: the symbols with a bar and their fields. */
    private static CrossSection crossSection(Panel panel, int t) {
        List<String> symbols = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int s = 0; s < panel.symbolCount(); s++) {
            if (panel.hasBar(t, s)) {
                symbols.add(panel.symbols().get(s));
                indices.add(s);
            }
        }
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String field : panel.fieldNames()) {
            double[] v = new double[indices.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = panel.value(field, t, indices.get(i));
            }
            fields.put(field, v);
        }
        return new CrossSection(panel.timestamps().get(t), symbols, fields);
    }
}
