package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.panel.Panel;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared S&P 500 file, read whole; the spot values were looked up by hand with zcat | grep. */
class SharedDataTest {

    private static Panel panel;

    @BeforeAll
    static void read() throws Exception {
        panel = BarsReader.read(Fixtures.SHARED_BARS);
    }

    @Test
    void shape() {
        // 982 trading days; the file holds 499 distinct symbols (its README counts the 505 members of the
        // sector table), 470 of them with a bar on every day
        assertThat(panel.rows()).isEqualTo(982);
        assertThat(panel.symbolCount()).isEqualTo(499);
        assertThat(panel.fieldNames()).containsExactly("open", "high", "low", "close", "volume");
        assertThat(panel.timestamps().get(0)).isEqualTo("2013-02-08");
        assertThat(panel.timestamps().get(981)).isEqualTo("2016-12-30");
        long full = IntStream.range(0, panel.symbolCount())
                .filter(s -> IntStream.range(0, panel.rows()).allMatch(t -> panel.hasBar(t, s))).count();
        assertThat(full).isEqualTo(470);
        int bars = 0;
        for (boolean bar : panel.barMask()) {
            bars += bar ? 1 : 0;
        }
        assertThat(bars).isEqualTo(479_878);
    }

    @Test
    void spotValues() {
        int aapl = panel.symbolIndex("AAPL");
        // 2013-02-08,AAPL,67.7142,68.4014,66.8928,67.8542,158168416
        assertThat(panel.value("open", 0, aapl)).isEqualTo(67.7142);
        assertThat(panel.value("low", 0, aapl)).isEqualTo(66.8928);
        assertThat(panel.value("close", 0, aapl)).isEqualTo(67.8542);
        assertThat(panel.value("volume", 0, aapl)).isEqualTo(158168416);
        // 2016-12-30,AAPL,116.65,117.2,115.43,115.82,30586265
        assertThat(panel.value("high", 981, aapl)).isEqualTo(117.2);
        assertThat(panel.value("close", 981, aapl)).isEqualTo(115.82);
        // 2014-06-02,MSFT,40.95,41.09,40.68,40.79,18504300
        int t = panel.timestamps().indexOf("2014-06-02");
        assertThat(panel.value("close", t, panel.symbolIndex("MSFT"))).isEqualTo(40.79);
        assertThat(panel.value("volume", t, panel.symbolIndex("MSFT"))).isEqualTo(18504300);
    }

    @Test
    void emptyPricesAreNaNOnABar() {
        // 2015-05-12,VRTX,,,,124.08,569747
        int t = panel.timestamps().indexOf("2015-05-12");
        int vrtx = panel.symbolIndex("VRTX");
        assertThat(panel.hasBar(t, vrtx)).isTrue();
        assertThat(panel.value("open", t, vrtx)).isNaN();
        assertThat(panel.value("high", t, vrtx)).isNaN();
        assertThat(panel.value("low", t, vrtx)).isNaN();
        assertThat(panel.value("close", t, vrtx)).isEqualTo(124.08);
        assertThat(panel.value("volume", t, vrtx)).isEqualTo(569747);
        // 10 rows of the file have an empty open
        double[] open = panel.values("open");
        boolean[] mask = panel.barMask();
        assertThat(IntStream.range(0, open.length).filter(i -> mask[i] && Double.isNaN(open[i])).count())
                .isEqualTo(10);
    }

    @Test
    void lateListingsHaveNoBarsBefore() {
        // EVHC's first row is 2016-12-02 (20 rows in all); KHC's is 2015-07-06
        int evhc = panel.symbolIndex("EVHC");
        int first = panel.timestamps().indexOf("2016-12-02");
        assertThat(IntStream.range(0, panel.rows()).filter(t -> panel.hasBar(t, evhc)).toArray())
                .containsExactly(IntStream.range(first, first + 20).toArray());
        assertThat(panel.value("close", first - 1, evhc)).isNaN();
        assertThat(panel.value("close", first, evhc)).isEqualTo(69.91);
        int khc = panel.symbolIndex("KHC");
        int listed = panel.timestamps().indexOf("2015-07-06");
        assertThat(panel.hasBar(listed - 1, khc)).isFalse();
        assertThat(panel.value("open", listed, khc)).isEqualTo(71.0);
    }
}
