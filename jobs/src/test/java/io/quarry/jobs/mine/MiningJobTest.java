package io.quarry.jobs.mine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.panel.Panel;
import io.quarry.miner.Miner;
import io.quarry.miner.MinerConfig;
import io.quarry.miner.MiningResult;
import io.quarry.miner.SearchResult;
import io.quarry.miner.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mining job on a Flink mini-cluster with two slots, on the bundled sample market. */
class MiningJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String BARS = "../data/sample/bars.csv.gz";
    private static final String SECTORS = "../data/sample/sectors.csv";
    private static final String TRAIN_TO = "2015-06-30";
    private static final String VALID_TO = "2015-12-31";
    private static final String TEST_TO = "2016-12-31";
    private static final int BUDGET = 1000;
    private static final int POOL = 5;
    private static final long SEED = 1;

    private static Panel panel;

    @BeforeAll
    static void load() throws Exception {
        panel = BarsReader.read(Path.of(BARS), GroupsReader.read(Path.of(SECTORS)));
    }

    private static MiningSettings settings(int parallelism) {
        return new MiningSettings(Path.of(BARS).toAbsolutePath().toString(), Path.of(SECTORS).toAbsolutePath().toString(),
                TRAIN_TO, VALID_TO, TEST_TO, MinerConfig.Method.MCTS, BUDGET, POOL, SEED, parallelism, null, null, null, Vocabulary.FIELDS, Vocabulary.WINDOWS);
    }

    @Test
    void twoSearchesOnTwoSlotsGiveTheirSequentialSelectionAndItsTestScores() throws Exception {
        MiningSettings two = settings(2);
        List<String> changes = new ArrayList<>();
        PoolEvent job = MiningJob.run(two, changes::add);

        // The same two searches run one after the other in this JVM, then the same selection.
        List<SearchResult> searches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            searches.add(Miner.search(panel, TRAIN_TO, VALID_TO, two.searchConfig(i), s -> { }, a -> { }));
        }
        MiningResult sequential = Miner.test(panel, Miner.select(panel, TRAIN_TO, VALID_TO, two.selectionConfig(),
                searches, 0, System.nanoTime()), VALID_TO, TEST_TO, 1);
        assertThat(job.alphaFile()).isEqualTo(sequential.toAlphaFile());
        assertThat(job.alphaFile()).startsWith("# mined by quarry mine --method mcts --budget 1000 --seed 1 --parallelism 2\n")
                .contains(", test 2016-01-04 .. 2016-12-30; label: next-day return; 1000 evaluations\n");
        assertThat(searches).extracting(SearchResult::seed).containsExactly(1L, 2L);
        assertThat(changes).anyMatch(line -> line.startsWith("global pool +a"));
        assertThat(sequential.alphas()).isNotEmpty();
    }
}
