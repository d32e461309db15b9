package io.quarry.connectors;

import static io.quarry.connectors.Fixtures.assertBars;
import static io.quarry.connectors.Fixtures.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small hand-written files whose every cell is checked. */
class BarsReaderTest {

    private static final double NaN = Double.NaN;

    @TempDir
    Path dir;

    /*
     * AAA: bars on every day, halted (no row) on 01-05, empty close on 01-06.
     * BBB: every day. CCC: lists late, on 01-05. Rows are in no particular order.
     */
    private static final String MARKET = """
            date,symbol,open,close,volume
            2016-01-05,BBB,11,11.5,200
            2016-01-04,AAA,1.5,1.25,100
            2016-01-06,AAA,1.75,,300
            2016-01-06,BBB,12,12.5,400
            2016-01-05,CCC,20,21,50
            2016-01-06,CCC,22,23,60
            2016-01-04,BBB,10,10.5,100
            2016-01-07,AAA,1.8,1.9,0
            2016-01-07,BBB,-3e-2,1E3,7
            2016-01-07,CCC,24,25,70
            """;

    private static void assertMarket(Panel p) {
        assertThat(p.timestamps()).containsExactly("2016-01-04", "2016-01-05", "2016-01-06", "2016-01-07");
        assertThat(p.symbols()).containsExactly("AAA", "BBB", "CCC");
        assertThat(p.fieldNames()).containsExactly("open", "close", "volume");
        assertBars(p, new boolean[][] {
            {true, true, false},
            {false, true, true},
            {true, true, true},
            {true, true, true},
        });
        assertField(p, "open", new double[][] {
            {1.5, 10, NaN},
            {NaN, 11, 20},
            {1.75, 12, 22},
            {1.8, -0.03, 24},
        });
        assertField(p, "close", new double[][] {
            {1.25, 10.5, NaN},
            {NaN, 11.5, 21},
            {NaN, 12.5, 23},
            {1.9, 1000, 25},
        });
        assertField(p, "volume", new double[][] {
            {100, 100, NaN},
            {NaN, 200, 50},
            {300, 400, 60},
            {0, 7, 70},
        });
    }

    @Test
    void readsUnsortedRowsLateListingHaltAndEmptyField() throws Exception {
        Panel p = BarsReader.read(Fixtures.write(dir, "bars.csv", MARKET));
        assertMarket(p);
        assertThat(p.groups().isEmpty()).isTrue();
    }

    @Test
    void recognisesGzipByContentNotName() throws Exception {
        assertMarket(BarsReader.read(Fixtures.writeGzip(dir, "bars.txt", MARKET)));
        assertMarket(BarsReader.read(Fixtures.writeGzip(dir, "bars.csv.gz", MARKET)));
        assertMarket(BarsReader.read(Fixtures.write(dir, "plain.csv.gz", MARKET)));
    }

    @Test
    void acceptsCrlfByteOrderMarkQuotesAnyCaseAndAnyColumnOrder() throws Exception {
        String text = "\uFEFF\"Close\",SYMBOL,\"Date\"\r\n"
                + "\"1.5\",\"A,B\",2016-01-04\r\n"
                + "2,\"say \"\"hi\"\"\",\"2016-01-04\"\r\n"
                + "\r\n"
                + "3,A,2016-01-05"; // no final newline
        Panel p = BarsReader.read(Fixtures.write(dir, "quoted.csv", text));
        assertThat(p.timestamps()).containsExactly("2016-01-04", "2016-01-05");
        assertThat(p.symbols()).containsExactly("A", "A,B", "say \"hi\"");
        assertThat(p.fieldNames()).containsExactly("close");
        assertBars(p, new boolean[][] {{false, true, true}, {true, false, false}});
        assertField(p, "close", new double[][] {{NaN, 1.5, 2}, {3, NaN, NaN}});
    }

    @Test
    void readsDateTimesInCanonicalForm() throws Exception {
        String text = """
                time,symbol,close,vwap
                2016-01-04T09:31:00,X,3,30
                2016-01-04 09:30:00,X,1,10
                2016-01-04T09:30,Y,2,20
                2016-01-04T09:30:00.500,Y,2.5,
                2016-01-04T09:31:00,Y,4,NaN
                """;
        Panel p = BarsReader.read(Fixtures.write(dir, "intraday.csv", text));
        assertThat(p.timestamps())
                .containsExactly("2016-01-04T09:30:00", "2016-01-04T09:30:00.5", "2016-01-04T09:31:00");
        assertThat(p.symbols()).containsExactly("X", "Y");
        assertBars(p, new boolean[][] {{true, true}, {false, true}, {true, true}});
        assertField(p, "close", new double[][] {{1, 2}, {NaN, 2.5}, {3, 4}});
        assertField(p, "vwap", new double[][] {{10, 20}, {NaN, NaN}, {30, NaN}});
    }

    @Test
    void acceptsTheOtherTimestampNamesAndSpecialNumbers() throws Exception {
        String text = """
                symbol,datetime,x
                A,2016-01-04T10:00:00,-Infinity
                A,2016-01-05T10:00:00,inf
                A,2016-01-06T10:00:00,nan
                A,2016-01-07T10:00:00,+.5
                A,2016-01-08T10:00:00,1.
                A,2016-01-09T10:00:00,123456789012345678901234567890
                """;
        Panel p = BarsReader.read(Fixtures.write(dir, "special.csv", text));
        assertField(p, "x", new double[][] {
            {Double.NEGATIVE_INFINITY}, {Double.POSITIVE_INFINITY}, {NaN}, {0.5}, {1}, {1.2345678901234568e29},
        });
        Panel q = BarsReader.read(Fixtures.write(dir, "timestamp.csv", "timestamp,symbol\n2016-01-04,A\n"));
        assertThat(q.timestamps()).containsExactly("2016-01-04");
        assertThat(q.fieldNames()).isEmpty();
    }

    @Test
    void attachesGroups() throws Exception {
        Groups groups = new Groups(Map.of("AAA", List.of("Tech"), "BBB", List.of("Energy")), 1);
        Panel p = BarsReader.read(Fixtures.write(dir, "bars.csv", MARKET), groups);
        assertThat(p.groups()).isSameAs(groups);
        assertThat(p.groups().groupIds(p.symbols(), GroupLevel.SECTOR)).containsExactly(0, 1, -1);
    }
}
