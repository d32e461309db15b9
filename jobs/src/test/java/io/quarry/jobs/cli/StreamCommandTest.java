package io.quarry.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code quarry stream} and {@code quarry submit} as a user runs them. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void replayThroughKafkaAndFlinkWritesWhatEvalWrites() throws Exception {
        StringBuilder bars = new StringBuilder("date,symbol,open,high,low,close,volume\n");
        String[] symbols = {"AAA", "BBB", "CCC", "DDD"};
        for (int t = 0; t < 40; t++) {
            String date = java.time.LocalDate.of(2024, 1, 1).plusDays(t).toString();
            for (int s = 0; s < symbols.length; s++) {
                if (s == 3 && t % 7 == 3) {
                    continue; // a missing bar now and then
                }
                double close = 10 + s + Math.sin(t * (s + 1) * 0.7) + 0.01 * t;
                bars.append(String.format(Locale.ROOT, "%s,%s,%.2f,%.2f,%.2f,%.2f,%d%n", date, symbols[s],
                        close - 0.1, close + 0.3, close - 0.4, close, 1000 + 37 * ((t * 13 + s * 7) % 11)));
            }
        }
        Path data = dir.resolve("bars.csv");
        Files.writeString(data, bars);
        Path alphas = dir.resolve("a.alpha");
        Files.writeString(alphas, """
                alpha mom3 = rank(delta(close, 3))
                alpha volrank = ts_rank(volume, 5)
                alpha corr = correlation(close, volume, 6)
                """);
        Path streamed = dir.resolve("stream.csv");
        Path batch = dir.resolve("eval.csv");

        CliRun stream = run("stream", "--embedded", "--replay", data.toString(), "--alphas", alphas.toString(),
                "--out", streamed.toString(), "--parallelism", "2", "--checkpoint", "300");
        assertThat(stream.exitCode()).as(stream.err()).isZero();
        assertThat(stream.out()).contains("0 duplicates, 0 dead letters");
        assertThat(run("eval", "--data", data.toString(), "--alphas", alphas.toString(), "--out", batch.toString())
                .exitCode()).isZero();
        assertThat(Files.readAllLines(streamed)).hasSize(40 * 4 - 6 + 1).isEqualTo(Files.readAllLines(batch));
    }

    @Test
    void badUsageIsExitCodeTwoWithAMessage() throws Exception {
        Path alphas = dir.resolve("a.alpha");
        Files.writeString(alphas, "alpha a = rank(close)\n");
        CliRun embedded = run("stream", "--embedded", "--alphas", alphas.toString());
        assertThat(embedded.exitCode()).isEqualTo(2);
        assertThat(embedded.err()).contains("--embedded needs --replay");
        CliRun pauseLive = run("stream", "--bootstrap", "localhost:1", "--alphas", alphas.toString(), "--pause", "100");
        assertThat(pauseLive.exitCode()).isEqualTo(2);
        assertThat(pauseLive.err()).contains("--pause needs --replay");
        CliRun longCheckpoints = run("stream", "--bootstrap", "localhost:1", "--alphas", alphas.toString(),
                "--checkpoint", "600000");
        assertThat(longCheckpoints.exitCode()).isEqualTo(2);
        assertThat(longCheckpoints.err()).contains("--checkpoint must be between 1 and 300000 ms, got 600000");
        CliRun negative = run("stream", "--bootstrap", "localhost:1", "--alphas", alphas.toString(),
                "--out-of-orderness", "-5");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--out-of-orderness, --allowed-lateness and --idle-timeout must be >= 0");
        CliRun both = run("submit", "--bootstrap", "localhost:1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give a .alpha FILE to add, or --remove");
        CliRun missing = run("stream", "--embedded", "--replay", dir.resolve("nope.csv").toString(), "--alphas", alphas.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.csv");
    }
}
