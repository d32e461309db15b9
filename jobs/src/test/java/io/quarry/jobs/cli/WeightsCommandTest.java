package io.quarry.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry weights train} and {@code quarry backtest --combine ppo} on the bundled sample market,
 * through {@link QuarryCli} (messages and exit codes as a user sees them).
 */
class WeightsCommandTest {

    @TempDir
    Path dir;

    private static CliRun quarry(List<String> args) {
        return CliRun.of(args.toArray(String[]::new));
    }

    private static List<String> args(String... first) {
        Path root = SharedData.repoRoot().resolve("data/sample");
        List<String> args = new ArrayList<>(List.of(first));
        args.addAll(List.of("--data", root.resolve("bars.csv.gz").toString(), "--groups",
                root.resolve("sectors.csv").toString()));
        return args;
    }

    private Path alphaFile(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static final String THREE = """
            alpha mom20 = rank(delta(close, 20) / delay(close, 20))
            alpha rev5 = -rank(sum(returns, 5))
            alpha range = rank((high - low) / close)
            """;

    @Test
    void trainsAModelThatTheBacktestUses() throws IOException {
        Path alphas = alphaFile("three.alpha", THREE);
        Path model = dir.resolve("w.model");
        List<String> train = args("weights", "train");
        train.addAll(List.of("--alphas", alphas.toString(), "--train-to", "2015-12-31", "--valid-to", "2016-06-30",
                "--seed", "3", "--iterations", "2", "--out", model.toString()));

        CliRun trained = quarry(train);

        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("trained a cross-sectional PPO policy over 3 alphas", "train (2015-",
                "valid (after 2015-12-31 .. 2016-06-30", "wrote " + model);
        assertThat(Files.readString(model)).contains("\"name\": \"rev5\"", "\"train_to\": \"2015-12-31\"");

        List<String> backtest = args("backtest");
        backtest.addAll(List.of("--alphas", alphas.toString(), "--from", "2016-01-01", "--combine", "ppo", "--model",
                model.toString(), "--out", dir.resolve("report").toString()));
        CliRun report = quarry(backtest);
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("combined_ppo");

        Path other = alphaFile("other.alpha", THREE.replace("alpha range", "alpha spread"));
        backtest.set(backtest.indexOf(alphas.toString()), other.toString());
        CliRun refused = quarry(backtest);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("error: the weighting model was trained on 3 alphas (mom20, rev5, range)",
                "missing here: range", "not in the model: spread").doesNotContain("Exception");
    }

    @Test
    void badUsageIsExitCodeTwoWithAMessage() throws IOException {
        Path alphas = alphaFile("three.alpha", THREE);
        List<String> base = args("weights", "train");
        base.addAll(List.of("--alphas", alphas.toString(), "--train-to", "2015-12-31", "--out",
                dir.resolve("w.model").toString()));

        List<String> single = new ArrayList<>(base);
        single.addAll(List.of("--mode", "single-asset"));
        assertFails(single, "--mode single-asset needs --symbol S");
        List<String> sideways = new ArrayList<>(base);
        sideways.addAll(List.of("--mode", "sideways"));
        assertFails(sideways, "unknown weighting mode 'sideways'");
        List<String> unknownSymbol = new ArrayList<>(base);
        unknownSymbol.addAll(List.of("--mode", "single-asset", "--symbol", "NOPE", "--iterations", "1"));
        assertFails(unknownSymbol, "symbol NOPE is not in the data");
        List<String> badDate = new ArrayList<>(base);
        badDate.set(badDate.indexOf("2015-12-31"), "2015-13-45");
        assertFails(badDate, "--train-to '2015-13-45' is not an ISO-8601 date");

        List<String> noModel = args("backtest");
        noModel.addAll(List.of("--alphas", alphas.toString(), "--combine", "ppo", "--out", dir.resolve("r").toString()));
        assertFails(noModel, "--combine ppo needs --model FILE");
        Path junk = alphaFile("junk.model", "{\"format\": \"other\"}");
        noModel.addAll(List.of("--model", junk.toString()));
        assertFails(noModel, junk + ": not a Quarry weighting model");
    }

    private static void assertFails(List<String> args, String message) {
        CliRun run = quarry(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).doesNotContain("\tat ");
    }
}
