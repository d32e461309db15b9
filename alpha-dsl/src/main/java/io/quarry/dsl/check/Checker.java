package io.quarry.dsl.check;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.canon.Canonicalizer;
import io.quarry.dsl.canon.Printer;
import io.quarry.dsl.canon.StructuralHash;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Diagnostic;
import io.quarry.dsl.parse.FormulaException;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.ParsedFile;
import io.quarry.dsl.parse.Parser;
import io.quarry.dsl.parse.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The second stage after the parser: resolves names (case-insensitive, aliases, the overloaded
 * {@code min}/{@code max}/{@code pow}), checks arities, constant windows (floored, as in the WQ paper)
 * and their limits, forbids look-ahead outside labels, infers units, and produces the canonical form.
 * Every problem of a definition is reported, located, and that definition is left out; the others
 * go on.
 */
public final class Checker {

    /** Fields every market has or Quarry derives: {@code returns}, {@code vwap}, {@code adv{d}}. */
    public static final Set<String> STANDARD_FIELDS =
            Set.of("open", "high", "low", "close", "volume", "vwap", "returns", "cap");

    private static final Pattern ADV = Pattern.compile("adv([1-9][0-9]*)");

    private final Limits limits;
    private final Set<String> knownFields;

    /**
     * @param limits     depth, size and window limits
     * @param dataFields extra field names the data has (lower case), beyond {@link #STANDARD_FIELDS}
     */
    public Checker(Limits limits, Set<String> dataFields) {
        this.limits = limits;
        Set<String> known = new TreeSet<>(STANDARD_FIELDS);
        known.addAll(dataFields);
        this.knownFields = Set.copyOf(known);
    }

    /** A checker with default limits that knows the standard fields only. */
    public static Checker standard() {
        return new Checker(Limits.DEFAULT, Set.of());
    }

    /** Parses and checks a whole file. */
    public CheckedFile check(Source source) {
        return check(Parser.parseFile(source, limits));
    }

    public CheckedFile check(ParsedFile parsed) {
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        List<CheckedAlpha> checked = new ArrayList<>();
        for (Definition definition : parsed.definitions()) {
            Walk walk = new Walk(parsed, definition.kind());
            Result result = walk.walk(definition.expr());
            CheckedAlpha alpha = walk.errors.isEmpty() ? finish(definition, result, walk) : null;
            if (alpha != null) {
                canonicalWithinLimits(alpha, parsed, definition).ifPresent(walk.errors::add);
            }
            diagnostics.addAll(walk.errors);
            diagnostics.addAll(walk.warnings);
            if (walk.errors.isEmpty()) {
                checked.add(alpha);
            }
        }
        diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.position().line())
                .thenComparingInt(d -> d.position().column()));
        return new CheckedFile(parsed.source().name(), checked, diagnostics);
    }

    /**
     * Checks a single formula, e.g. one the miner built.
     *
     * @throws FormulaException with every located error
     */
    public CheckedAlpha checkExpression(String name, String formula, Definition.Kind kind) {
        String text = kind.keyword() + " " + name + " = " + formula.replace('\n', ' ');
        CheckedFile file = check(new Source("<" + name + ">", text));
        return file.orThrow().get(0);
    }

    /**
     * The canonical text must itself read back within the limits (so it can be saved and checked
     * again); rewrites such as {@code x * -1 -> -x} or {@code scale(x) -> scale(x, 1)} can push a
     * formula at the edge over them.
     */
    private java.util.Optional<Diagnostic> canonicalWithinLimits(CheckedAlpha alpha, ParsedFile parsed,
                                                                 Definition definition) {
        try {
            Parser.parseExpression(alpha.canonicalText(), limits);
            return java.util.Optional.empty();
        } catch (FormulaException e) {
            return java.util.Optional.of(parsed.diagnostic(Diagnostic.Severity.ERROR, definition.position(),
                    "the canonical form of '" + definition.name() + "' exceeds the limits: "
                            + e.diagnostics().get(0).message()));
        }
    }

    private CheckedAlpha finish(Definition definition, Result result, Walk walk) {
        Expr canonical = Canonicalizer.canonicalize(result.expr);
        String text = Printer.print(canonical);
        int[] shape = depthAndSize(canonical);
        return new CheckedAlpha(definition.name(), definition.kind(), definition.expr(), canonical, text,
                StructuralHash.of(text), result.unit, walk.warnings, walk.fields, result.lookback, shape[0], shape[1]);
    }

    private static int[] depthAndSize(Expr e) {
        int depth = 0;
        int size = 1;
        for (Expr child : e.children()) {
            int[] c = depthAndSize(child);
            depth = Math.max(depth, c[0]);
            size += c[1];
        }
        return new int[] {depth + 1, size};
    }

    /** A checked subtree: normalised tree (canonical names, integer windows), unit, lookback. */
    private record Result(Expr expr, Unit unit, int lookback) {
    }

    // ---------------------------------------------------------------------------------------------

    /** The check of one definition, collecting its diagnostics. */
    private final class Walk {
        private final ParsedFile file;
        private final Definition.Kind kind;
        private final List<Diagnostic> errors = new ArrayList<>();
        private final List<Diagnostic> warnings = new ArrayList<>();
        private final Set<String> fields = new TreeSet<>();

        Walk(ParsedFile file, Definition.Kind kind) {
            this.file = file;
            this.kind = kind;
        }

        void error(Expr at, String message) {
            errors.add(file.diagnostic(Diagnostic.Severity.ERROR, at, message));
        }

        void warn(Expr at, String message) {
            warnings.add(file.diagnostic(Diagnostic.Severity.WARNING, at, message));
        }

        Result walk(Expr e) {
            if (e instanceof Expr.Num n) {
                return new Result(n, Unit.NUMBER, 0);
            }
            if (e instanceof Expr.Field f) {
                return field(f);
            }
            if (e instanceof Expr.GroupRef) {
                error(e, "IndClass levels can only be the second argument of indneutralize(x, IndClass.level)");
                return new Result(e, Unit.UNKNOWN, 0);
            }
            if (e instanceof Expr.Neg n) {
                Result r = walk(n.operand());
                return new Result(new Expr.Neg(r.expr), r.unit, r.lookback);
            }
            if (e instanceof Expr.Binary b) {
                return binary(b, walk(b.left()), walk(b.right()));
            }
            if (e instanceof Expr.Ternary t) {
                Result c = walk(t.cond());
                Result a = walk(t.then());
                Result b = walk(t.otherwise());
                if (!Unit.compatible(a.unit, b.unit)) {
                    warn(t, "the branches of the conditional have different units: " + a.unit.describe()
                            + " and " + b.unit.describe());
                }
                return new Result(new Expr.Ternary(c.expr, a.expr, b.expr), Unit.sum(a.unit, b.unit),
                        max(c.lookback, a.lookback, b.lookback));
            }
            return call((Expr.Call) e);
        }

        private Result field(Expr.Field f) {
            String name = f.name();
            if (!knownFields.contains(name) && !ADV.matcher(name).matches()) {
                if (Operator.byName(name).isPresent() || name.equals("min") || name.equals("max")) {
                    error(f, "'" + name + "' is a function, not a field: call it as " + name + "(...)");
                } else {
                    error(f, "unknown field '" + name + "'" + suggestion(name, knownFields));
                }
            }
            java.util.regex.Matcher adv = ADV.matcher(name);
            if (adv.matches() && (adv.group(1).length() > 9 || Integer.parseInt(adv.group(1)) > limits.maxWindow())) {
                error(f, "'" + name + "' averages " + adv.group(1) + " rows: longer than the limit of "
                        + limits.maxWindow() + " rows");
                return new Result(f, Unit.VOLUME, 0);
            }
            fields.add(name);
            return new Result(f, Unit.ofField(name), derivedLookback(name));
        }

        private Result binary(Expr.Binary b, Result left, Result right) {
            BinaryOp op = b.op();
            Unit unit;
            switch (op) {
                case ADD, SUB -> {
                    if (!Unit.compatible(left.unit, right.unit)) {
                        warn(b, (op == BinaryOp.ADD ? "adds " : "subtracts ") + right.unit.describe()
                                + (op == BinaryOp.ADD ? " to " : " from ") + left.unit.describe()
                                + ": the units do not match");
                    }
                    unit = Unit.sum(left.unit, right.unit);
                }
                case MUL -> unit = Unit.product(left.unit, right.unit);
                case DIV -> unit = Unit.quotient(left.unit, right.unit);
                case POW -> unit = Unit.power(left.unit, right.unit);
                case LT, LE, GT, GE, EQ, NE -> {
                    if (!Unit.compatible(left.unit, right.unit)) {
                        warn(b, "compares " + left.unit.describe() + " with " + right.unit.describe()
                                + ": the units do not match");
                    }
                    unit = Unit.RATIO;
                }
                default -> unit = Unit.RATIO;
            }
            return new Result(new Expr.Binary(op, left.expr, right.expr), unit, Math.max(left.lookback, right.lookback));
        }

        private Result call(Expr.Call c) {
            String name = c.function().toLowerCase(Locale.ROOT);
            List<Expr> args = c.args();
            if (name.equals("pow")) {
                if (!arity(c, 2, "(x, y)")) {
                    return failed(c);
                }
                Result base = walk(args.get(0));
                Result exponent = walk(args.get(1));
                return new Result(new Expr.Binary(BinaryOp.POW, base.expr, exponent.expr),
                        Unit.power(base.unit, exponent.unit), Math.max(base.lookback, exponent.lookback));
            }
            if (name.equals("min") || name.equals("max")) {
                if (!arity(c, 2, "(x, d) over time or (x, y) element-wise")) {
                    return failed(c);
                }
                boolean windowForm = constantValue(args.get(1)) != null;
                Operator op = name.equals("min")
                        ? (windowForm ? Operator.TS_MIN : Operator.LESS)
                        : (windowForm ? Operator.TS_MAX : Operator.GREATER);
                return apply(c, op);
            }
            Operator op = Operator.byName(name).orElse(null);
            if (op == null) {
                error(c, "unknown function '" + c.function() + "'" + suggestion(name, Operator.allNames()));
                args.forEach(this::walk);
                return failed(c);
            }
            return apply(c, op);
        }

        private Result apply(Expr.Call c, Operator op) {
            List<Expr> args = c.args();
            String fn = c.function().toLowerCase(Locale.ROOT);
            switch (op.shape()) {
                case MAP1, CROSS_SECTION -> {
                    if (!arity(c, 1, "(x)")) {
                        return failed(c);
                    }
                    Result x = walk(args.get(0));
                    return new Result(node(op, x.expr), unaryUnit(op, x.unit), x.lookback);
                }
                case MAP2 -> {
                    if (!arity(c, 2, "(x, y)")) {
                        return failed(c);
                    }
                    Result x = walk(args.get(0));
                    Result y = walk(args.get(1));
                    Unit unit;
                    if (op == Operator.SIGNED_POWER) {
                        unit = Unit.power(x.unit, y.unit);
                    } else {
                        if (!Unit.compatible(x.unit, y.unit)) {
                            warn(c, fn + " compares " + x.unit.describe() + " with " + y.unit.describe()
                                    + ": the units do not match");
                        }
                        unit = Unit.sum(x.unit, y.unit);
                    }
                    return new Result(node(op, x.expr, y.expr), unit, Math.max(x.lookback, y.lookback));
                }
                case LAG, WINDOW -> {
                    if (!arity(c, 2, "(x, d)")) {
                        return failed(c);
                    }
                    Result x = walk(args.get(0));
                    Integer d = window(c, op, args.get(1));
                    if (d == null) {
                        return failed(c);
                    }
                    int own = op.shape() == Operator.Shape.LAG ? Math.max(d, 0) : d - 1;
                    return new Result(node(op, x.expr, new Expr.Num(d)), windowUnit(op, x.unit), x.lookback + own);
                }
                case WINDOW2 -> {
                    if (!arity(c, 3, "(x, y, d)")) {
                        return failed(c);
                    }
                    Result x = walk(args.get(0));
                    Result y = walk(args.get(1));
                    Integer d = window(c, op, args.get(2));
                    if (d == null) {
                        return failed(c);
                    }
                    Unit unit = op == Operator.CORRELATION ? Unit.RATIO : Unit.product(x.unit, y.unit);
                    return new Result(node(op, x.expr, y.expr, new Expr.Num(d)), unit,
                            Math.max(x.lookback, y.lookback) + d - 1);
                }
                case SCALE -> {
                    if (args.isEmpty() || args.size() > 2) {
                        error(c, "'" + fn + "' takes (x) or (x, a): 1 or 2 arguments, got " + args.size());
                        return failed(c);
                    }
                    Result x = walk(args.get(0));
                    double a = 1;
                    if (args.size() == 2) {
                        Double value = constantValue(args.get(1));
                        if (value == null) {
                            error(args.get(1), "the scale 'a' of scale(x, a) must be a constant number");
                            return failed(c);
                        }
                        a = value;
                    }
                    return new Result(node(op, x.expr, new Expr.Num(a)), Unit.RATIO, x.lookback);
                }
                case GROUP -> {
                    if (!arity(c, 2, "(x, IndClass.level)")) {
                        return failed(c);
                    }
                    Result x = walk(args.get(0));
                    if (!(args.get(1) instanceof Expr.GroupRef g)) {
                        error(args.get(1), "the second argument of " + fn
                                + " must be IndClass.sector, IndClass.industry or IndClass.subindustry");
                        return failed(c);
                    }
                    return new Result(node(op, x.expr, g), x.unit, x.lookback);
                }
                default -> throw new IllegalStateException("unhandled shape " + op.shape());
            }
        }

        /** The floored constant window of an operator, or null after reporting why it is not one. */
        private Integer window(Expr.Call c, Operator op, Expr arg) {
            String fn = c.function().toLowerCase(Locale.ROOT);
            Double value = constantValue(arg);
            if (value == null) {
                error(arg, "the window of '" + fn + "' must be a constant number of rows, not a series");
                return null;
            }
            double floored = Math.floor(value);
            boolean lag = op.shape() == Operator.Shape.LAG;
            if (Math.abs(floored) > limits.maxWindow()) {
                error(arg, "window " + Printer.formatNumber(floored) + " of '" + fn + "' is longer than the limit of "
                        + limits.maxWindow() + " rows");
                return null;
            }
            if (lag && floored < 0 && kind == Definition.Kind.ALPHA) {
                error(arg, "negative " + fn + " " + Printer.formatNumber(floored)
                        + " looks into the future: only a 'label' may look forward");
                return null;
            }
            if (!lag && floored < 1) {
                String hint = "";
                if (fn.equals("max") || fn.equals("min")) {
                    hint = ": for the element-wise " + (fn.equals("max") ? "maximum" : "minimum") + " with a constant use "
                            + (fn.equals("max") ? "greater" : "less") + "(x, " + Printer.formatNumber(value) + ")";
                }
                error(arg, "window of '" + fn + "' must be at least 1 row, got " + Printer.formatNumber(value) + hint);
                return null;
            }
            return (int) floored;
        }

        private boolean arity(Expr.Call c, int expected, String signature) {
            if (c.args().size() != expected) {
                error(c, "'" + c.function().toLowerCase(Locale.ROOT) + "' takes " + signature + ": " + expected
                        + (expected == 1 ? " argument" : " arguments") + ", got " + c.args().size());
                c.args().forEach(this::walk);
                return false;
            }
            return true;
        }

        private Result failed(Expr e) {
            return new Result(e, Unit.UNKNOWN, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Expr node(Operator op, Expr... args) {
        return new Expr.Call(op.canonicalName(), List.of(args));
    }

    private static int max(int a, int b, int c) {
        return Math.max(a, Math.max(b, c));
    }

    /** The value of a constant subtree (numbers and arithmetic on them), or null for a series. */
    static Double constantValue(Expr e) {
        if (e instanceof Expr.Num n) {
            return n.value();
        }
        if (e instanceof Expr.Neg n) {
            Double v = constantValue(n.operand());
            return v == null ? null : -v;
        }
        if (e instanceof Expr.Binary b) {
            Double l = constantValue(b.left());
            Double r = constantValue(b.right());
            if (l == null || r == null) {
                return null;
            }
            double v = Canonicalizer.fold(b.op(), l, r);
            return Double.isFinite(v) ? v : null;
        }
        return null;
    }

    /** History a derived field reads: {@code returns} one row, {@code adv{d}} d - 1 rows. */
    private static int derivedLookback(String field) {
        if (field.equals("returns")) {
            return 1;
        }
        java.util.regex.Matcher adv = ADV.matcher(field);
        return adv.matches() ? Integer.parseInt(adv.group(1)) - 1 : 0;
    }

    private static Unit unaryUnit(Operator op, Unit x) {
        return switch (op) {
            case ABS, DEMEAN -> x;
            case SQRT -> x == Unit.NUMBER ? Unit.NUMBER : (x.dimensionless() ? Unit.RATIO : Unit.UNKNOWN);
            default -> x == Unit.NUMBER ? Unit.NUMBER : Unit.RATIO;
        };
    }

    private static Unit windowUnit(Operator op, Unit x) {
        return switch (op) {
            case DELAY, DELTA, SUM, MEAN, TS_MIN, TS_MAX, MED, MAD, STDDEV, DECAY_LINEAR, EMA, SLOPE, RESI -> x;
            case PRODUCT, VAR -> x.dimensionless() ? Unit.RATIO : Unit.UNKNOWN;
            default -> Unit.RATIO;
        };
    }

    /** {@code " (did you mean 'x'?)"} for the nearest known name within a small edit distance. */
    static String suggestion(String name, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = editDistance(name, candidate);
            if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
    }

    /** Damerau-Levenshtein (optimal string alignment) distance, so a swap of two letters costs 1. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
