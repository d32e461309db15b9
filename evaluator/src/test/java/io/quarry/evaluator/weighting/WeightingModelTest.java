package io.quarry.evaluator.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model file: exact round trip, self-description, and clear refusals. */
class WeightingModelTest {

    private static final List<WeightingModel.Alpha> ALPHAS = List.of(new WeightingModel.Alpha("mom", "rank(delta(close, 5))"),
            new WeightingModel.Alpha("rev", "-rank(returns)"), new WeightingModel.Alpha("vol", ""));

    @TempDir
    Path dir;

    @Test
    void roundTripGivesTheSameWeightsBitForBit() throws IOException {
        WeightingModel model = Models.random(new WeightingSpec(WeightingSpec.Mode.SINGLE_ASSET, "S3", 4, 0.002, 0.003), ALPHAS, 1);
        Path file = dir.resolve("w.model");
        model.write(file);
        WeightingModel back = WeightingModel.read(file);

        assertThat(back.spec()).isEqualTo(model.spec());
        assertThat(back.alphas()).isEqualTo(ALPHAS);
        assertThat(back.plan()).isEqualTo(model.plan());
        assertThat(back.provenance().results()).isEqualTo(model.provenance().results());
        assertThat(back.actor().weights().get(1)).isEqualTo(model.actor().weights().get(1));
        assertThat(back.logStd()).isEqualTo(model.logStd());
        SplittableRandom random = new SplittableRandom(2);
        try (WeightingPolicy a = WeightingPolicy.open(model); WeightingPolicy b = WeightingPolicy.open(back)) {
            for (int i = 0; i < 20; i++) {
                double[] f = new double[Features.size(3)];
                for (int j = 0; j < f.length; j++) {
                    f[j] = 0.02 * (random.nextDouble() - 0.5);
                }
                assertThat(b.weights(f)).isEqualTo(a.weights(f));
            }
        }
        String text = Files.readString(file);
        assertThat(text).contains("\"format\": \"quarry-ppo-weighting\"", "\"version\": 1", "\"ic20:rev\"",
                "\"weight:vol\"", "\"vol20\"", "\"gamma\": 0.99", "\"clip\": 0.2", "\"mode\": \"single-asset\"");
    }

    @Test
    void matchFindsTheModelsAlphasInAnyOrder() {
        WeightingModel model = Models.random(WeightingSpec.crossSectional(), ALPHAS, 1);
        int[] index = model.match(List.of(new WeightingModel.Alpha("vol", "ts_std(close, 20)"), ALPHAS.get(0),
                new WeightingModel.Alpha("rev", "")), "m");
        assertThat(index).containsExactly(1, 2, 0);
    }

    @Test
    void mismatchedAlphasAreRefusedNamingEachDifference() {
        WeightingModel model = Models.random(WeightingSpec.crossSectional(), ALPHAS, 1);
        List<WeightingModel.Alpha> inUse = List.of(new WeightingModel.Alpha("mom", "rank(delta(close, 10))"),
                new WeightingModel.Alpha("vol", ""), new WeightingModel.Alpha("size", "log(close)"));

        assertThatThrownBy(() -> model.match(inUse, "weights.model"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights.model was trained on 3 alphas (mom, rev, vol)")
                .hasMessageContaining("missing here: rev")
                .hasMessageContaining("not in the model: size")
                .hasMessageContaining("'mom' is rank(delta(close, 10)) here but was rank(delta(close, 5)) in training");
    }

    @Test
    void badFilesAreRefusedWithTheFileAndTheReason() throws IOException {
        WeightingModel model = Models.random(WeightingSpec.crossSectional(), ALPHAS, 1);
        Path good = dir.resolve("good.model");
        model.write(good);
        String text = Files.readString(good);

        assertRefused("{ not json", "not a JSON model file");
        assertRefused("{\"format\": \"something-else\", \"version\": 1}", "not a Quarry weighting model");
        assertRefused(text.replace("\"version\": 1", "\"version\": 2"), "version 2 is not the version this Quarry reads (1)");
        assertRefused(text.replace("\"log_std\"", "\"log_sd\""), "missing \"log_std\"");
        assertRefused(text.replace("\"weight:vol\"", "\"weight:other\""), "the feature layout differs");
        assertRefused(text.replace("\"mode\": \"cross-sectional\"", "\"mode\": \"sideways\""), "unknown weighting mode 'sideways'");
        assertThatThrownBy(() -> WeightingModel.read(dir.resolve("none.model")))
                .hasMessageContaining("model file not found: ").hasMessageContaining("none.model");
    }

    private void assertRefused(String content, String reason) throws IOException {
        Path file = dir.resolve("bad.model");
        Files.writeString(file, content);
        assertThatThrownBy(() -> WeightingModel.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(reason);
    }
}
