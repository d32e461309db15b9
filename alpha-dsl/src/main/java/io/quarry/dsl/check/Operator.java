package io.quarry.dsl.check;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The declarations of the language's functions: canonical name, aliases, argument shape and meaning.
 * Evaluators bind implementations to these; the checker and the docs read them. {@code min} and
 * {@code max} are overloaded (time-series with a constant second argument, element-wise with two
 * series) and {@code pow(x, y)} is {@code x ^ y}: the checker resolves those names.
 */
public enum Operator {
    ABS("abs", Shape.MAP1, "absolute value"),
    LOG("log", Shape.MAP1, "natural logarithm; NaN for x <= 0"),
    SIGN("sign", Shape.MAP1, "-1, 0 or 1"),
    SQRT("sqrt", Shape.MAP1, "square root; NaN for x < 0"),
    SIGNED_POWER("signedpower", Shape.MAP2, "sign(x) * abs(x)^a"),
    GREATER("greater", Shape.MAP2, "element-wise maximum of two series (also max(x, y))"),
    LESS("less", Shape.MAP2, "element-wise minimum of two series (also min(x, y))"),
    DELAY("delay", Shape.LAG, "x d rows ago", "ref"),
    DELTA("delta", Shape.LAG, "x - delay(x, d)"),
    SUM("sum", Shape.WINDOW, "sum over the last d rows"),
    PRODUCT("product", Shape.WINDOW, "product over the last d rows"),
    MEAN("mean", Shape.WINDOW, "mean over the last d rows", "ts_mean"),
    TS_MIN("ts_min", Shape.WINDOW, "minimum over the last d rows (also min(x, d))"),
    TS_MAX("ts_max", Shape.WINDOW, "maximum over the last d rows (also max(x, d))"),
    MED("med", Shape.WINDOW, "median over the last d rows"),
    MAD("mad", Shape.WINDOW, "mean absolute deviation from the window mean"),
    STDDEV("stddev", Shape.WINDOW, "sample standard deviation (ddof 1)", "std", "ts_std"),
    VAR("var", Shape.WINDOW, "sample variance (ddof 1)"),
    SKEW("skew", Shape.WINDOW, "bias-corrected sample skewness (pandas)"),
    KURT("kurt", Shape.WINDOW, "bias-corrected sample excess kurtosis (pandas)"),
    TS_RANK("ts_rank", Shape.WINDOW, "percentile rank of today's value in its window, in (0, 1]"),
    TS_ARGMAX("ts_argmax", Shape.WINDOW, "1-based position of the window maximum from the oldest row", "idxmax"),
    TS_ARGMIN("ts_argmin", Shape.WINDOW, "1-based position of the window minimum from the oldest row", "idxmin"),
    DECAY_LINEAR("decay_linear", Shape.WINDOW, "linearly weighted mean, weight d today down to 1", "wma"),
    EMA("ema", Shape.WINDOW, "exponential moving average, alpha = 2/(d+1)"),
    SLOPE("slope", Shape.WINDOW, "least-squares slope of x on t = 1..d"),
    RSQUARE("rsquare", Shape.WINDOW, "r-squared of the least-squares fit of x on t = 1..d"),
    RESI("resi", Shape.WINDOW, "today's residual of the least-squares fit of x on t = 1..d"),
    CORRELATION("correlation", Shape.WINDOW2, "Pearson correlation over the last d rows", "corr"),
    COVARIANCE("covariance", Shape.WINDOW2, "sample covariance over the last d rows", "cov"),
    RANK("rank", Shape.CROSS_SECTION, "cross-sectional percentile rank, in (0, 1]"),
    ZSCORE("zscore", Shape.CROSS_SECTION, "cross-sectional (x - mean) / std"),
    DEMEAN("demean", Shape.CROSS_SECTION, "cross-sectional x - mean"),
    SCALE("scale", Shape.SCALE, "cross-sectional x * a / sum(abs(x)), a = 1 by default"),
    INDNEUTRALIZE("indneutralize", Shape.GROUP, "x minus its group's cross-sectional mean");

    /** How an operator's arguments are shaped. */
    public enum Shape {
        /** f(x) element-wise. */
        MAP1("x"),
        /** f(x, y) element-wise; y may be a constant. */
        MAP2("x, y"),
        /** f(x, d) with d >= 0 rows back (negative only in labels). */
        LAG("x, d"),
        /** f(x, d) over the last d >= 1 rows. */
        WINDOW("x, d"),
        /** f(x, y, d) over the last d >= 1 rows. */
        WINDOW2("x, y, d"),
        /** f(x) across the symbols of a row. */
        CROSS_SECTION("x"),
        /** scale(x[, a]). */
        SCALE("x, a"),
        /** indneutralize(x, IndClass.level). */
        GROUP("x, IndClass.level");

        private final String signature;

        Shape(String signature) {
            this.signature = signature;
        }

        public String signature() {
            return signature;
        }
    }

    private static final Map<String, Operator> BY_NAME;

    static {
        Map<String, Operator> byName = new HashMap<>();
        for (Operator op : values()) {
            byName.put(op.canonicalName, op);
            for (String alias : op.aliases) {
                byName.put(alias, op);
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private final String canonicalName;
    private final Shape shape;
    private final String meaning;
    private final List<String> aliases;

    Operator(String canonicalName, Shape shape, String meaning, String... aliases) {
        this.canonicalName = canonicalName;
        this.shape = shape;
        this.meaning = meaning;
        this.aliases = List.of(aliases);
    }

    /** The name canonical formulas use. */
    public String canonicalName() {
        return canonicalName;
    }

    public Shape shape() {
        return shape;
    }

    public String meaning() {
        return meaning;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** Whether the operator looks along time (needs history). */
    public boolean timeSeries() {
        return shape == Shape.LAG || shape == Shape.WINDOW || shape == Shape.WINDOW2;
    }

    /** Whether the operator looks across the symbols of one row. */
    public boolean crossSectional() {
        return shape == Shape.CROSS_SECTION || shape == Shape.SCALE || shape == Shape.GROUP;
    }

    /** The operator a name (any case, canonical or alias) denotes; not the overloaded min/max/pow. */
    public static Optional<Operator> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every callable name, for suggestions: canonical names, aliases, min, max, pow. */
    public static List<String> allNames() {
        List<String> names = new java.util.ArrayList<>(BY_NAME.keySet());
        names.addAll(List.of("min", "max", "pow"));
        Collections.sort(names);
        return names;
    }
}
