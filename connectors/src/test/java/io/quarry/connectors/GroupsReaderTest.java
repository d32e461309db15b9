package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupsReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsOneToThreeLevels() throws Exception {
        Groups one = GroupsReader.read(Fixtures.write(dir, "one.csv", "symbol,sector\nA,Tech\nB,\"Energy, Oil\"\n"));
        assertThat(one.levels()).isEqualTo(1);
        assertThat(one.groupOf("A", GroupLevel.SECTOR)).isEqualTo("Tech");
        assertThat(one.groupOf("B", GroupLevel.SECTOR)).isEqualTo("Energy, Oil");
        assertThat(one.groupOf("B", GroupLevel.SUBINDUSTRY)).isEqualTo("Energy, Oil");
        assertThat(one.groupOf("C", GroupLevel.SECTOR)).isNull();

        Groups three = GroupsReader.read(Fixtures.writeGzip(dir, "three.csv.gz",
                "Symbol,Sector,Industry,SubIndustry\r\nA,Tech,Software,Apps\r\nB,Tech,Hardware,Chips\r\n"));
        assertThat(three.levels()).isEqualTo(3);
        assertThat(three.groupOf("B", GroupLevel.INDUSTRY)).isEqualTo("Hardware");
        assertThat(three.groupOf("A", GroupLevel.SUBINDUSTRY)).isEqualTo("Apps");
        assertThat(three.groupIds(List.of("A", "B", "Z"), GroupLevel.SECTOR)).containsExactly(0, 0, -1);
    }

    @Test
    void readsTheSharedSectors() throws Exception {
        Groups sectors = GroupsReader.read(Fixtures.SHARED_SECTORS);
        assertThat(sectors.levels()).isEqualTo(1);
        // looked up by hand in sp500_sectors.csv
        assertThat(sectors.groupOf("AAPL", GroupLevel.SECTOR)).isEqualTo("Information Technology");
        assertThat(sectors.groupOf("A", GroupLevel.SECTOR)).isEqualTo("Health Care");
        assertThat(sectors.toString()).isEqualTo("Groups[505 symbols, 1 levels]");
    }

    @Test
    void errorsNameFileLineAndColumn() throws Exception {
        Path header = Fixtures.write(dir, "h.csv", "ticker,sector\nA,Tech\n");
        assertThatThrownBy(() -> GroupsReader.read(header)).isInstanceOf(DataFormatException.class)
                .hasMessage(header + ":1: the header must be symbol,sector[,industry[,subindustry]]; "
                        + "header is: ticker,sector");
        Path four = Fixtures.write(dir, "four.csv", "symbol,sector,industry,subindustry,x\n");
        assertThatThrownBy(() -> GroupsReader.read(four)).hasMessageContaining("four.csv:1: the header must be");
        Path rows = Fixtures.write(dir, "rows.csv", "symbol,sector,industry\nA,Tech,Software\nB,,Oil\nC,Tech\n"
                + "A,Energy,Oil\n");
        assertThatThrownBy(() -> GroupsReader.read(rows)).isInstanceOfSatisfying(DataFormatException.class, e -> {
            assertThat(e.getMessage()).startsWith(rows + ": 3 errors:");
            assertThat(e.problems()).containsExactly(
                    rows + ":3: column 'sector': empty sector",
                    rows + ":4: expected 3 fields (symbol,sector,industry) but found 2",
                    rows + ":5: column 'symbol': symbol A appears again; first at " + rows + ":2");
        });
        Path empty = Fixtures.write(dir, "empty.csv", "");
        assertThatThrownBy(() -> GroupsReader.read(empty))
                .hasMessage(empty + ": empty file (expected a header line such as symbol,sector)");
        Path none = Fixtures.write(dir, "none.csv", "symbol,sector\n");
        assertThatThrownBy(() -> GroupsReader.read(none)).hasMessage(none + ": no data rows after the header");
    }
}
