package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The sample shipped in data/sample/ (tests run in the module folder). */
class SampleDataTest {

    private static final Path SAMPLE = Path.of("..", "data", "sample");

    @Test
    void fiftySymbolsOverTwoYearsWithTheirSectors() throws Exception {
        Groups sectors = GroupsReader.read(SAMPLE.resolve("sectors.csv"));
        Panel panel = BarsReader.read(SAMPLE.resolve("bars.csv.gz"), sectors);
        assertThat(panel.rows()).isEqualTo(504);
        assertThat(panel.symbolCount()).isEqualTo(50);
        assertThat(panel.timestamps().get(0)).isEqualTo("2015-01-02");
        assertThat(panel.timestamps().get(503)).isEqualTo("2016-12-30");
        for (boolean bar : panel.barMask()) {
            assertThat(bar).isTrue();
        }
        int[] ids = panel.groups().groupIds(panel.symbols(), GroupLevel.SECTOR);
        assertThat(Arrays.stream(ids).min().orElseThrow()).isZero();
        assertThat(new HashSet<>(Arrays.stream(ids).boxed().toList())).hasSize(11);
        // 2016-12-30,AAPL,116.65,117.2,115.43,115.82,30586265 as in the full file
        assertThat(panel.value("close", 503, panel.symbolIndex("AAPL"))).isEqualTo(115.82);
    }
}
