package io.quarry.bench;

import io.quarry.dsl.panel.Panel;
import io.quarry.miner.Miner;
import io.quarry.miner.MinerConfig;
import io.quarry.miner.MiningResult;
import java.io.IOException;
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
 * A mining run of {@value #BUDGET} candidate evaluations on the shared panel's training range
 * (2013-02-08 .. 2015-06-30, 499 symbols), the final valid-range selection included, as {@code quarry
 * mine} runs it by default: {@value #SEARCHES} searches side by side, in a JVM with the launcher's flags
 * for {@code mine} (huge pages included; on a kernel that does not hand them out on request the JVM
 * warns and runs without). MCTS runs without its network, so that every run does the same work.
 * At this budget each search is long enough to run its pool statistics in SIMD lanes, as the
 * goal's 20,000 does; after the warm-up iteration the JIT has compiled them, so a measured run
 * shows the rate a long search reaches once warm. Evaluations per second = {@value #BUDGET} / the
 * time per run; {@link MiningResult#evaluationsPerSecond()}, printed, gives the search alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-XX:+UseTransparentHugePages", "--add-modules", "jdk.incubator.vector",
    "-XX:+UseParallelGC", "-Dai.djl.offline=true"})
public class MinerBench {

    static final int BUDGET = 4000;
    static final int SEARCHES = 2;

    @Param({"mcts", "random"})
    public String method;

    private Panel panel;

    @Setup
    public void load() throws IOException {
        panel = BenchData.sharedPanel();
    }

    @Benchmark
    public MiningResult mine() {
        MinerConfig config = MinerConfig.of(MinerConfig.Method.parse(method), BUDGET, 20, 7).withNetwork(false);
        MiningResult r = Miner.mine(panel, "2015-06-30", "2016-12-31", config, SEARCHES, s -> { });
        System.out.printf("%n%s: %d evaluations, search %.1f s, %.1f evaluations/s%n", method, r.evaluations(),
                r.searchSeconds(), r.evaluationsPerSecond());
        return r;
    }
}
