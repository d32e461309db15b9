package io.quarry.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.connectors.BarsReader;
import io.quarry.dsl.panel.Panel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-JVM broker, the replay of a market into it and the read-back, on the bundled sample. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaReplayTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void replayedBarsReadBackExactlyAndPartitionsMatchThePlan() throws Exception {
        Panel panel = BarsReader.read(Path.of("../data/sample/bars.csv.gz"));
        kafka.createTopics(Map.of("replay.bars", 3));
        int rows = 40;
        List<Integer> afterRows = new ArrayList<>();
        new BarsReplay(kafka.bootstrapServers(), "replay.bars", 3).replay(panel, 0, rows, afterRows::add);

        assertThat(afterRows).hasSize(rows);
        Map<Integer, Long> planned = BarsReplay.counts(panel, 0, rows, 3);
        assertThat(TopicReader.endOffsets(kafka.bootstrapServers(), "replay.bars")).isEqualTo(planned);
        List<byte[]> records = TopicReader.readAll(kafka.bootstrapServers(), "replay.bars");
        assertThat(records).hasSize((int) planned.values().stream().mapToLong(Long::longValue).sum());
        for (byte[] r : records) {
            StreamBar bar = BarJson.decode(r);
            int t = panel.timestamps().indexOf(bar.time());
            int s = panel.symbolIndex(bar.symbol());
            assertThat(t).isBetween(0, rows - 1);
            assertThat(bar.value("close")).isEqualTo(panel.value("close", t, s));
            assertThat(bar.value("volume")).isEqualTo(panel.value("volume", t, s));
        }
    }

    /** A bar the broker refuses stops the replay with its name, where the topic went, and why. */
    @Test
    void aBarTheBrokerRefusesStopsTheReplayNamingIt() throws Exception {
        Panel panel = BarsReader.read(Path.of("../data/sample/bars.csv.gz"));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            // Smaller than any batch of bars: the broker refuses every write.
            NewTopic tiny = new NewTopic("tiny.bars", 1, (short) 1).configs(Map.of("max.message.bytes", "64"));
            admin.createTopics(List.of(tiny)).all().get();
        }
        List<Integer> afterRows = new ArrayList<>();

        assertThatThrownBy(() -> new BarsReplay(kafka.bootstrapServers(), "tiny.bars", 1)
                .replay(panel, 0, 5, afterRows::add))
                .isInstanceOf(BarsReplay.ReplayFailedException.class)
                .hasMessageStartingWith("the bar of " + panel.symbols().get(0) + " at " + panel.timestamps().get(0)
                        + " was not written to tiny.bars-0: ");
        assertThat(afterRows).as("no row reported as sent").isEmpty();
    }
}
