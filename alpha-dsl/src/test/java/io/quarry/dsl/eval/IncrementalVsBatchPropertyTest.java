package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Streaming equals batch, value for value (the same bits, the same NaN cells), on random small
 * markets with missing bars, NaN fields, symbols listing late or delisting, exact ties, and the
 * symbols of each cross-section in random order.
 */
class IncrementalVsBatchPropertyTest {

    /** Every operator, with windows on both sides of the textbook / block boundary (32 rows). */
    static final String EVERY_OPERATOR = """
            alpha cs = rank(close) + zscore(volume) - demean(open) * scale(high) / scale(low, 3)
            alpha group = indneutralize(returns, IndClass.sector) + indneutralize(volume, IndClass.industry)
            alpha map = abs(log(close)) + sign(delta(close, 2)) + sqrt(volume) + signedpower(returns, 2) + -close
            alpha pair = greater(close, open) - less(high, vwap) + max(close, low) + min(open, vwap)
            alpha lag = delay(close, 0) + delay(close, 3) + delta(volume, 0) + delta(volume, 35)
            alpha sums = sum(close, 5) + sum(close, 40) + mean(volume, 7) + mean(volume, 33) + adv5 + adv40
            alpha prod = product(returns + 1, 4) + product(returns + 1, 40) + product(close, 1)
            alpha ext = ts_min(close, 5) + ts_max(close, 40) + ts_argmax(volume, 10) + ts_argmin(volume, 35) + min(low, 3) + max(high, 1)
            alpha med = med(close, 6) + med(close, 5) + med(volume, 41) + med(close, 1)
            alpha disp = mad(close, 8) + mad(close, 34) + stddev(close, 10) + stddev(close, 40) + var(returns, 9) + var(returns, 50) + var(close, 1)
            alpha shape = skew(returns, 12) + kurt(returns, 12) + skew(close, 2) + kurt(close, 3) + skew(volume, 40) + kurt(volume, 33)
            alpha tsrank = ts_rank(volume, 10) + ts_rank(close, 40) + ts_rank(close, 1) + ts_rank(rank(volume), 4)
            alpha decay = decay_linear(close, 10) + decay_linear(close, 40) + decay_linear(close < open, 5) + decay_linear(volume > adv5, 36)
            alpha ema = ema(close, 10) + ema(returns, 1) + ema(volume, 40)
            alpha trend = slope(close, 5) + rsquare(close, 7) + resi(close, 40) + slope(close, 40) + rsquare(volume, 45) + resi(close, 2) + slope(close, 1)
            alpha corr = correlation(close, volume, 10) + covariance(close, volume, 10) + correlation(close, volume, 40) + covariance(close, volume, 45) + correlation(rank(close), rank(open), 2)
            alpha logic = (close > open ? 1 : -1) * ((volume >= adv5) && (close < high) || (open == low)) + (close != open) + (close <= vwap) + 2 ^ returns + close ^ 0.5
            alpha ties = rank(sum(close > open, 40)) + rank(decay_linear(close < open, 5)) + rank(correlation(rank(close), rank(volume), 5))
            alpha constant = sum(2, 3) + ts_max(1 + 0, 4) + delay(3, 2)
            """;

    @Test
    void theFixedListCoversEveryOperator() {
        List<CheckedAlpha> alphas = Checker.standard().check(new Source("every.alpha", EVERY_OPERATOR)).orThrow();
        Set<Operator> used = EnumSet.noneOf(Operator.class);
        alphas.forEach(a -> collect(a.canonical(), used));
        assertThat(used).containsExactlyInAnyOrder(Operator.values());
    }

    private static void collect(io.quarry.dsl.ast.Expr e, Set<Operator> used) {
        if (e instanceof io.quarry.dsl.ast.Expr.Call c) {
            used.add(Operator.byName(c.function()).orElseThrow());
        }
        e.children().forEach(child -> collect(child, used));
    }

    @Property(tries = 40)
    void everyOperatorStreamsExactlyAsBatch(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        Panel panel = market(seed);
        List<CheckedAlpha> alphas = Checker.standard().check(new Source("every.alpha", EVERY_OPERATOR)).orThrow();
        assertStreamEqualsBatch(panel, alphas, seed);
    }

    @Property(tries = 150)
    void randomFormulasStreamExactlyAsBatch(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        Panel panel = market(seed);
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder file = new StringBuilder();
        for (int a = 0; a < 6; a++) {
            file.append("alpha f").append(a).append(" = ").append(new Formulas(random).series(4)).append('\n');
        }
        List<CheckedAlpha> alphas = Checker.standard().check(new Source("random.alpha", file.toString())).orThrow();
        assertStreamEqualsBatch(panel, alphas, seed);
    }

    private static void assertStreamEqualsBatch(Panel panel, List<CheckedAlpha> alphas, long seed) {
        int lookback = alphas.stream().mapToInt(CheckedAlpha::lookback).max().orElse(0);
        IncrementalEvaluator evaluator = new IncrementalEvaluator(alphas, panel.groups(), lookback);
        Map<String, double[]> streamed = Streams.stream(evaluator, panel, 0, panel.rows(), seed + 1, new LinkedHashMap<>());
        assertThat(Streams.differences(panel, alphas, streamed, 0, panel.rows(), 0, true)).isEmpty();
    }

    /**
     * A random market, symbols in name order: prices on a half-dollar grid and volumes in lots (so
     * exact ties occur), missing bars, NaN fields inside bars, symbols listing late and delisting
     * early, one symbol without a sector, two group levels.
     */
    static Panel market(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = 30 + random.nextInt(70);
        int n = 2 + random.nextInt(9);
        String[] names = {"open", "high", "low", "close", "volume"};
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String name : names) {
            fields.put(name, new double[rows * n]);
        }
        boolean[] hasBar = new boolean[rows * n];
        List<String> symbols = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (int s = 0; s < n; s++) {
            String symbol = String.format("S%02d", s);
            symbols.add(symbol);
            if (s != 1) {
                groups.put(symbol, List.of("G" + s % 3, "I" + s % 4));
            }
            // S00 trades every day: a calendar row is a timestamp with at least one bar.
            int listed = s > 0 && random.nextInt(4) == 0 ? random.nextInt(rows) : 0;
            int delisted = s > 0 && random.nextInt(5) == 0 ? listed + random.nextInt(rows - listed + 1) : rows;
            double price = 10 + random.nextInt(40);
            for (int t = 0; t < rows; t++) {
                int i = s * rows + t;
                price = Math.max(0.5, price + 0.5 * (random.nextInt(5) - 2));
                boolean bar = t >= listed && t < delisted && (s == 0 || random.nextInt(20) != 0);
                hasBar[i] = bar;
                double open = Math.max(0.5, price + 0.5 * (random.nextInt(3) - 1));
                double[] v = {open, Math.max(open, price) + 0.5 * random.nextInt(2),
                        Math.min(open, price) - (price > 1 ? 0.5 * random.nextInt(2) : 0), price,
                        100.0 * (1 + random.nextInt(8))};
                for (int k = 0; k < names.length; k++) {
                    boolean hole = random.nextInt(60) == 0;
                    fields.get(names[k])[i] = bar && !hole ? v[k] : Double.NaN;
                }
            }
        }
        return new Panel(Streams.dates(rows), symbols, fields, hasBar, new Groups(groups, 2));
    }

    /** Random well-formed formulas over every operator. */
    private record Formulas(SplittableRandom random) {
        private static final String[] FIELDS = {"open", "high", "low", "close", "volume", "vwap", "returns", "adv5"};
        private static final String[] MAP1 = {"abs", "log", "sign", "sqrt"};
        private static final String[] WINDOW = {"delay", "delta", "sum", "product", "mean", "ts_min", "ts_max", "med",
                "mad", "stddev", "var", "skew", "kurt", "ts_rank", "ts_argmax", "ts_argmin", "decay_linear", "ema",
                "slope", "rsquare", "resi"};
        private static final int[] WINDOWS = {1, 2, 3, 4, 5, 7, 10, 33, 36};
        private static final String[] ARITHMETIC = {"+", "-", "*", "/"};
        private static final String[] COMPARISON = {"<", "<=", ">", ">=", "==", "!="};

        String series(int depth) {
            if (depth == 0 || random.nextInt(5) == 0) {
                return pick(FIELDS);
            }
            String x = series(depth - 1);
            return switch (random.nextInt(12)) {
                case 0 -> pick(MAP1) + "(" + x + ")";
                case 1 -> "-" + "(" + x + ")";
                case 2 -> "(" + x + " " + pick(ARITHMETIC) + " " + series(depth - 1) + ")";
                case 3 -> "(" + x + " " + pick(ARITHMETIC) + " " + (1 + random.nextInt(3)) + ")";
                case 4 -> random.nextBoolean() ? "signedpower(" + x + ", " + (random.nextInt(3) + 0.5) + ")"
                        : "(" + x + " ^ " + random.nextInt(3) + ")";
                case 5 -> "(" + x + " " + pick(COMPARISON) + " " + series(depth - 1) + ")"
                        + (random.nextBoolean() ? " && " : " || ") + "(" + series(depth - 1) + " > 0)";
                case 6 -> "((" + x + " " + pick(COMPARISON) + " " + series(depth - 1) + ") ? " + series(depth - 1)
                        + " : " + series(depth - 1) + ")";
                case 7 -> (random.nextBoolean() ? "greater(" : "less(") + x + ", " + series(depth - 1) + ")";
                case 8, 9 -> pick(WINDOW) + "(" + x + ", " + WINDOWS[random.nextInt(WINDOWS.length)] + ")";
                case 10 -> (random.nextBoolean() ? "correlation(" : "covariance(") + x + ", " + series(depth - 1) + ", "
                        + WINDOWS[random.nextInt(WINDOWS.length)] + ")";
                default -> switch (random.nextInt(5)) {
                    case 0 -> "rank(" + x + ")";
                    case 1 -> "zscore(" + x + ")";
                    case 2 -> "demean(" + x + ")";
                    case 3 -> "scale(" + x + (random.nextBoolean() ? ", 2)" : ")");
                    default -> "indneutralize(" + x + ", IndClass." + (random.nextBoolean() ? "sector)" : "industry)");
                };
            };
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }
    }
}
