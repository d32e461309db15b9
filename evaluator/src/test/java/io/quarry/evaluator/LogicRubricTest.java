package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.check.CheckedAlpha;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link LogicRubric}: each rule of docs/SCORING.md on a formula that trips it. */
class LogicRubricTest {

    private static LogicRubric.Logic logic(String formula, int rows) {
        return LogicRubric.score(Markets.alpha("x", formula), rows);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "rank(close / delay(close, 5)); 100; ",
        "rank(rank(close)); 90; rank(rank(x)) is rank(x)",
        "close + volume; 85; unit mismatch: adds volume to price",
        "1; 0; reads no market field",
        "rank(stddev(close, 1)); 70; stddev(x, 1) has too short a window: it is always NaN",
        "rank(ts_rank(close, 1)); 80; ts_rank(x, 1) is always 1",
        "rank(mean(close, 1)); 95; mean(x, 1) is x",
        "rank(delta(close, 0)); 80; delta(x, 0) is always 0",
        "rank(close + 1e9); 80; the constant 1.0E9 in a sum with a series dwarfs the series",
        "rank(close) * 0 + rank(volume); 80; multiplies a series by 0",
        "sign(rank(close)); 80; sign(rank(...)) is always 1",
        "abs(rank(close)); 95; abs(rank(...)) does nothing",
        "correlation(close, close, 10); 80; the correlation of a series with itself is always 1",
        "rank(close - close); 80; x - x is always 0",
        "delta(close, 3); 90; its value is a price level",
        "-(-rank(close)); 95; -(-x) is x"
    })
    void eachRuleTakesItsPointsAndSaysWhy(String formula, double expected, String note) {
        LogicRubric.Logic logic = logic(formula, 1000);
        assertThat(logic.score()).isEqualTo(expected);
        if (note == null) {
            assertThat(logic.notes()).isEmpty();
        } else {
            assertThat(logic.notes()).anyMatch(n -> n.contains(note));
        }
    }

    @Test
    void lookbackAgainstTheDataAvailable() {
        // mean(close, 100) needs 99 rows of history.
        assertThat(logic("rank(mean(close, 100))", 1000).score()).isEqualTo(100);
        assertThat(logic("rank(mean(close, 100))", 150).notes()).singleElement().asString()
                .isEqualTo("-20: needs 99 rows of history, more than half of the 150 rows the data has");
        assertThat(logic("rank(mean(close, 100))", 99).notes()).singleElement().asString()
                .isEqualTo("-60: needs 99 rows of history but the data has 99: it never has a value");
    }

    @Test
    void depthAndSizeCostPointsBeyondTheirLimits() {
        CheckedAlpha deep = Markets.alpha("x", "abs(log(abs(log(abs(log(abs(log(abs(log(close))))))))))");
        assertThat(deep.depth()).isEqualTo(11);
        assertThat(LogicRubric.score(deep, 1000).score()).isEqualTo(100 - 3 * (11 - 8));

        StringBuilder big = new StringBuilder("rank(close / open)");
        for (int i = 2; i <= 12; i++) {
            big.append(" + rank(close / delay(open, ").append(i).append("))");
        }
        CheckedAlpha wide = Markets.alpha("x", big.toString());
        assertThat(wide.size()).isGreaterThan(LogicRubric.MAX_SIZE);
        LogicRubric.Logic logic = LogicRubric.score(wide, 1000);
        int sizePoints = Math.min(20, (wide.size() - LogicRubric.MAX_SIZE + 1) / 2);
        int depthPoints = 3 * Math.max(0, wide.depth() - LogicRubric.MAX_DEPTH);
        assertThat(logic.score()).isEqualTo(100 - sizePoints - depthPoints);
        assertThat(logic.notes()).anyMatch(n -> n.startsWith("-" + sizePoints + ": " + wide.size() + " nodes"));
    }

    @Test
    void theScoreIsClampedAtZero() {
        // Three unit mismatches (-45), a window-1 NaN (-30), x - x (-20), a window-1 constant (-20): -115.
        LogicRubric.Logic logic = logic("(close + volume) + (close > volume) + stddev(close, 1) + (open - open) "
                + "+ (high + volume) + ts_rank(close, 1)", 1000);
        assertThat(logic.score()).isZero();
        assertThat(logic.notes()).hasSizeGreaterThanOrEqualTo(5);
    }
}
