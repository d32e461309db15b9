package io.quarry.jobs.testing;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.jobs.stream.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled sample market (data/sample: 50 symbols, 2015-2016) as the Flink job tests use it: the
 * panel with its groups, and the sector table a stream takes for {@code indneutralize}.
 *
 * @param panel   the bars, with their groups
 * @param sectors symbol to its sector, for {@code StreamSettings.withEvaluation}
 */
public record SampleMarket(Panel panel, Map<String, List<String>> sectors) {

    public static final Path BARS = Path.of("../data/sample/bars.csv.gz");
    public static final Path SECTORS = Path.of("../data/sample/sectors.csv");

    public static SampleMarket load() throws IOException {
        Groups groups = GroupsReader.read(SECTORS);
        Panel panel = BarsReader.read(BARS, groups);
        Map<String, List<String>> sectors = new HashMap<>();
        for (String symbol : panel.symbols()) {
            String sector = groups.groupOf(symbol, GroupLevel.SECTOR);
            if (sector != null) {
                sectors.put(symbol, List.of(sector));
            }
        }
        return new SampleMarket(panel, Map.copyOf(sectors));
    }

    /** Creates a stream's topics on the broker: the bars topic with {@code partitions}, the others with one. */
    public static Topics createTopics(EmbeddedKafka kafka, String prefix, int partitions) throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        Map<String, Integer> created = new HashMap<>();
        topics.all().forEach(t -> created.put(t, t.equals(topics.bars()) ? partitions : 1));
        kafka.createTopics(created);
        return topics;
    }
}
