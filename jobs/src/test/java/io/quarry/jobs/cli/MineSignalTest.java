package io.quarry.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code quarry mine} ended by a signal, in a JVM of its own as a user runs it: the search stops,
 * the pool it found so far is chosen and written, and the exit status is the signal's; in process
 * and on a local mini-cluster, whose searches run in Flink's task threads.
 */
class MineSignalTest {

    private static final int BUDGET = 1_000_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--parallelism=2", "--cluster"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSignalStopsTheSearchAndThePoolFoundSoFarIsWritten(String where) throws Exception {
        Path sample = SharedData.repoRoot().resolve("data/sample");
        Path out = dir.resolve("stopped.alpha");
        Path temp = Files.createDirectory(dir.resolve("tmp"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"),
                QuarryCli.class.getName(), "mine", "--data", sample.resolve("bars.csv.gz").toString(), "--groups",
                sample.resolve("sectors.csv").toString(), "--train-to", "2015-12-31", "--valid-to", "2016-06-30",
                "--method", "random", "--budget", String.valueOf(BUDGET), "--pool", "5", "--seed", "3",
                where, "--out", out.toString())
                .redirectErrorStream(true).start();
        try {
            StringBuilder printed = new StringBuilder();
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // A progress line: the search is under way, far from its budget.
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                printed.append(line).append('\n');
                if (line.startsWith("random x2: ") && line.contains("/" + BUDGET + " evaluations")) {
                    break;
                }
            }
            // SIGTERM (a stopped pod; Ctrl-C's SIGINT takes the same path). Through the handle:
            // Process.destroy would also close the pipe this test still reads.
            p.toHandle().destroy();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("exited after the signal").isTrue();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                printed.append(line).append('\n');
            }
            assertThat(p.exitValue()).as(printed.toString()).isEqualTo(128 + 15);
            assertThat(printed).contains("quarry mine: stopping: choosing the pool from what the search found")
                    .contains("note: search 0: stopped on request after ")
                    .contains("note: search 1: stopped on request after ")
                    .contains("written to " + out);

            String text = Files.readString(out);
            assertThat(text).startsWith("# mined by quarry mine --method random --budget " + BUDGET
                    + " --seed 3 --parallelism 2\n").containsPattern("; [1-9]\\d* of the budget's " + BUDGET
                    + " evaluations\n");
            CheckedFile file = Checker.standard().check(new Source("stopped.alpha", text));
            assertThat(file.hasErrors()).isFalse();
            assertThat(file.alphas()).isNotEmpty();
            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left.map(f -> f.getFileName().toString())).as("the command's own stop file is gone")
                        .noneMatch(name -> name.startsWith("quarry-mine-"));
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
