package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error names the file and line (or row), and the column and text where there is one. */
class BarsReaderErrorsTest {

    @TempDir
    Path dir;

    private DataFormatException failure(String name, String content) throws Exception {
        Path file = Fixtures.write(dir, name, content);
        try {
            BarsReader.read(file);
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            return e;
        }
        throw new AssertionError("no DataFormatException for " + name);
    }

    @Test
    void notANumberNamesLineColumnAndText() throws Exception {
        DataFormatException e = failure("bars.csv", "date,symbol,open,close\n2016-01-04,A,1,2\n2016-01-05,A,1,abc\n");
        assertThat(e.getMessage()).endsWith("bars.csv:3: column 'close': 'abc' is not a number");
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void numbersAreStrict() throws Exception {
        for (String bad : new String[] {" 1", "1 ", "1,5", "0x10", "1d", "1e", "--1", ".", "e5", "1.2.3"}) {
            String quoted = "\"" + bad + "\"";
            DataFormatException e = failure("strict.csv", "date,symbol,close\n2016-01-04,A," + quoted + "\n");
            assertThat(e.getMessage()).as(bad).endsWith("strict.csv:2: column 'close': '" + bad + "' is not a number");
        }
    }

    @Test
    void wrongFieldCount() throws Exception {
        DataFormatException e = failure("bars.csv", "date,symbol,close\n2016-01-04,A\n");
        assertThat(e.getMessage()).endsWith("bars.csv:2: expected 3 fields (date,symbol,close) but found 2");
    }

    @Test
    void missingOrAmbiguousHeaderColumns() throws Exception {
        assertThat(failure("a.csv", "date,ticker,close\n2016-01-04,A,1\n").getMessage())
                .endsWith("a.csv:1: no 'symbol' column; header is: date,ticker,close");
        assertThat(failure("b.csv", "day,symbol,close\n").getMessage())
                .endsWith("b.csv:1: no timestamp column (one of date, time, timestamp, datetime); "
                        + "header is: day,symbol,close");
        assertThat(failure("c.csv", "date,time,symbol\n").getMessage())
                .endsWith("c.csv:1: several timestamp columns ('date', 'time'); keep one; header is: date,time,symbol");
        assertThat(failure("d.csv", "date,symbol,Close,close\n").getMessage())
                .endsWith("d.csv:1: column 'close' appears twice; header is: date,symbol,Close,close");
        assertThat(failure("e.csv", "date,symbol,,close\n").getMessage())
                .endsWith("e.csv:1: column 3 has no name; header is: date,symbol,,close");
    }

    @Test
    void duplicateRowNamesBothLines() throws Exception {
        DataFormatException e = failure("dup.csv",
                "date,symbol,close\n2016-01-04,A,1\n2016-01-04,B,1\n2016-01-04,A,2\n");
        assertThat(e.getMessage())
                .endsWith("dup.csv:4: duplicate row for date 2016-01-04 and symbol A, same as at "
                        + dir.resolve("dup.csv") + ":2");
    }

    @Test
    void duplicateAfterCanonicalisationOfDateTimes() throws Exception {
        DataFormatException e = failure("dup.csv",
                "time,symbol,close\n2016-01-04T09:30,A,1\n2016-01-04 09:30:00,A,2\n");
        assertThat(e.getMessage()).contains("dup.csv:3: duplicate row for time 2016-01-04T09:30:00 and symbol A")
                .endsWith("dup.csv:2");
    }

    @Test
    void badTimestamps() throws Exception {
        for (String bad : new String[] {"2016-02-30", "2016-1-04", "04/01/2016", "2016-01-04Z", "2016-01-04T25:00",
                                        "2016-01-04T09:30:00+01:00", "20160104", ""}) {
            DataFormatException e = failure("ts.csv", "date,symbol,close\n\"" + bad + "\",A,1\n");
            assertThat(e.getMessage()).as(bad).endsWith("ts.csv:2: column 'date': '" + bad + "' is not "
                    + "an ISO-8601 date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm[:ss[.fff]])");
        }
    }

    @Test
    void datesAndDateTimesDoNotMix() throws Exception {
        DataFormatException e = failure("mix.csv", "date,symbol,close\n2016-01-04,A,1\n2016-01-05T10:00:00,A,2\n");
        assertThat(e.getMessage()).endsWith("mix.csv:3: column 'date': '2016-01-05T10:00:00' is a date-time but "
                + "line 2 has a date (2016-01-04); a file must not mix dates and date-times");
    }

    @Test
    void emptySymbolAndBadQuoting() throws Exception {
        assertThat(failure("s.csv", "date,symbol,close\n2016-01-04,,1\n").getMessage())
                .endsWith("s.csv:2: column 'symbol': empty symbol");
        assertThat(failure("q.csv", "date,symbol,close\n2016-01-04,\"A,1\n").getMessage())
                .endsWith("q.csv:2: field 2: quoted field has no closing quote");
        assertThat(failure("r.csv", "date,symbol,close\n2016-01-04,\"A\"x,1\n").getMessage())
                .endsWith("r.csv:2: field 2: unexpected text after the closing quote");
    }

    @Test
    void emptyFileAndNoRows() throws Exception {
        assertThat(failure("empty.csv", "").getMessage()).isEqualTo(dir.resolve("empty.csv")
                + ": empty file (expected a header line such as date,symbol,open,high,low,close,volume)");
        assertThat(failure("blank.csv", "\n\r\n").getMessage()).contains("blank.csv: empty file");
        assertThat(failure("header.csv", "date,symbol,close\n").getMessage())
                .isEqualTo(dir.resolve("header.csv") + ": no data rows after the header");
    }

    @Test
    void collectsSeveralErrorsInOneException() throws Exception {
        DataFormatException e = failure("many.csv", "date,symbol,close\n2016-01-04,A,x\n2016-01-04,B,1\n"
                + "2016-13-01,C,1\n2016-01-04,D\n");
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage().lines().toList()).containsExactly(
                dir.resolve("many.csv") + ": 3 errors:",
                "  " + dir.resolve("many.csv") + ":2: column 'close': 'x' is not a number",
                "  " + dir.resolve("many.csv") + ":4: column 'date': '2016-13-01' is not an ISO-8601 date (yyyy-MM-dd)"
                        + " or date-time (yyyy-MM-ddTHH:mm[:ss[.fff]])",
                "  " + dir.resolve("many.csv") + ":5: expected 3 fields (date,symbol,close) but found 2");
    }

    @Test
    void stopsAtTwentyErrors() throws Exception {
        StringBuilder text = new StringBuilder("date,symbol,close\n");
        for (int i = 0; i < 50; i++) {
            text.append("2016-01-04,S").append(i).append(",bad\n");
        }
        DataFormatException e = failure("bad.csv", text.toString());
        assertThat(e.problems()).hasSize(ErrorLog.MAX_PROBLEMS);
        assertThat(e.getMessage().lines().findFirst().orElseThrow())
                .endsWith("bad.csv: 20 errors (reading stopped at the first 20):");
        assertThat(e.problems().get(19)).endsWith("bad.csv:21: column 'close': 'bad' is not a number");
    }

    @Test
    void corruptGzip() throws Exception {
        Path file = dir.resolve("broken.csv.gz");
        byte[] whole = Files.readAllBytes(Fixtures.writeGzip(dir, "whole.csv.gz",
                "date,symbol,close\n" + "2016-01-04,A,1\n".repeat(1000)));
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> BarsReader.read(file)).isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": corrupt or truncated gzip data (Unexpected end of ZLIB input stream)");
    }
}
