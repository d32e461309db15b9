package io.quarry.connectors;

import static io.quarry.connectors.Fixtures.assertSamePanel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** read(write(p)) == p, exactly, in every format. */
class BarsWriterTest {

    @TempDir
    Path dir;

    /** A random market: every row and symbol has at least one bar; some bars carry NaN fields. */
    static Panel randomPanel(List<String> timestamps, int symbols, long seed) {
        Random random = new Random(seed);
        int rows = timestamps.size();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            names.add(String.format("S%03d", s));
        }
        boolean[] mask = new boolean[rows * symbols];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextInt(10) > 0 || i / rows == 0 || i % rows == 0;
        }
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String field : List.of("open", "close", "volume", "cap")) {
            double[] v = new double[mask.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = !mask[i] || random.nextInt(50) == 0 ? Double.NaN : switch (field) {
                    case "volume" -> random.nextInt(1_000_000_000);
                    case "cap" -> Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE)
                            * (random.nextBoolean() ? 1 : -1);
                    default -> Math.round(random.nextDouble() * 1e6) / 1e4;
                };
                if (Double.isNaN(v[i]) && mask[i] && field.equals("cap")) {
                    v[i] = random.nextBoolean() ? -0.0 : 1e300 * 10; // -0 and Infinity survive too
                }
            }
            fields.put(field, v);
        }
        return new Panel(timestamps, names, fields, mask, Groups.none());
    }

    static List<String> dates(int n) {
        LocalDate start = LocalDate.of(2015, 1, 1);
        return IntStream.range(0, n).mapToObj(i -> start.plusDays(i).toString()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bars.csv", "bars.csv.gz", "bars.arrow"})
    void roundTripsExactly(String name) throws Exception {
        Panel panel = randomPanel(dates(300), 40, 7);
        Path file = dir.resolve(name);
        BarsWriter.write(file, panel);
        assertSamePanel(BarsReader.read(file), panel);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bars.csv", "bars.csv.gz", "bars.arrow"})
    void roundTripsDateTimes(String name) throws Exception {
        List<String> times = IntStream.range(0, 50)
                .mapToObj(i -> String.format("2016-01-04T%02d:%02d:00", 9 + i / 60, i % 60)).toList();
        Panel panel = randomPanel(times, 5, 3);
        Path file = dir.resolve(name);
        BarsWriter.write(file, panel);
        assertSamePanel(BarsReader.read(file), panel);
        if (!name.endsWith(".arrow")) {
            assertThat(firstLine(file)).isEqualTo("time,symbol,open,close,volume,cap");
        }
    }

    @Test
    void csvIsTheReadableLongFormat() throws Exception {
        Map<String, double[]> fields = new LinkedHashMap<>();
        fields.put("close", new double[] {1.5, Double.NaN, 2, 1e-7});
        fields.put("volume", new double[] {100, Double.NaN, 2e7, -0.0});
        Panel panel = new Panel(List.of("2016-01-04", "2016-01-05"), List.of("A", "B,C"), fields,
                new boolean[] {true, false, true, true}, Groups.none());
        Path file = dir.resolve("small.csv");
        BarsWriter.write(file, panel);
        assertThat(Files.readString(file)).isEqualTo("""
                date,symbol,close,volume
                2016-01-04,A,1.5,100
                2016-01-04,"B,C",2,20000000
                2016-01-05,"B,C",1.0E-7,-0
                """);
        assertSamePanel(BarsReader.read(file), panel);
    }

    @Test
    void roundTripsTheSharedFile() throws Exception {
        Panel panel = BarsReader.read(Fixtures.SHARED_BARS);
        for (String name : List.of("sp500.arrow", "sp500.csv.gz")) {
            Path file = dir.resolve(name);
            BarsWriter.write(file, panel);
            assertSamePanel(BarsReader.read(file), panel);
        }
        // the CSV is line for line the shared file, which is sorted by date then symbol
        try (var written = new BufferedReader(new InputStreamReader(
                     new GZIPInputStream(Files.newInputStream(dir.resolve("sp500.csv.gz")))));
             var shared = new BufferedReader(new InputStreamReader(
                     new GZIPInputStream(Files.newInputStream(Fixtures.SHARED_BARS))))) {
            assertThat(written.readLine()).isEqualTo(shared.readLine());
            String expected;
            while ((expected = shared.readLine()) != null) {
                String actual = written.readLine();
                if (!actual.equals(expected)) { // only the number style may differ: 45.0 is written 45
                    String[] a = actual.split(",", -1);
                    String[] e = expected.split(",", -1);
                    assertThat(a[0] + a[1]).isEqualTo(e[0] + e[1]);
                    for (int i = 2; i < e.length; i++) {
                        assertThat(e[i].isEmpty() ? "" : String.valueOf(Double.parseDouble(e[i])))
                                .isEqualTo(a[i].isEmpty() ? "" : String.valueOf(Double.parseDouble(a[i])));
                    }
                }
            }
            assertThat(written.readLine()).isNull();
        }
    }

    @Test
    void rejectsUnknownExtensions() {
        Panel panel = randomPanel(dates(3), 2, 1);
        assertThatThrownBy(() -> BarsWriter.write(dir.resolve("bars.parquet"), panel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("bars.parquet from its name: use .csv, .csv.gz or .arrow");
    }

    private static String firstLine(Path file) throws IOException {
        try (var in = BarsReader.openText(file)) {
            return new String(in.readNBytes(200), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        }
    }
}
