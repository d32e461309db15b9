package io.quarry.dsl.eval;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.canon.Printer;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.FormulaException;
import io.quarry.dsl.parse.Limits;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates alphas incrementally over a stream of cross-sections: each {@link #step} takes the
 * next timestamp's bars and returns every active alpha's value for every symbol with a bar, equal
 * to what {@link BatchEvaluator} gives at that row of a panel holding the stream so far.
 *
 * <h2>API</h2>
 * <pre>{@code
 * IncrementalEvaluator(List<CheckedAlpha> alphas, Groups groups, int retainedBars)
 * CrossSectionValues step(CrossSection bars)          // the next complete cross-section
 * void add(CheckedAlpha alpha)                        // warms up from the retained bars; same name = replace
 * void remove(String alphaName)                       // a name that is not active: nothing happens
 * List<String> alphaNames()                           // active, in insertion order
 * List<CheckedAlpha> alphas()                         // the same, with their formulas
 * void writeTo(DataOutput out) throws IOException     // full state, versioned
 * static IncrementalEvaluator readFrom(DataInput in, Groups groups) throws IOException
 * IncrementalEvaluator copy()                         // deep, independent copy
 *
 * record CrossSection(String timestamp, List<String> symbols, Map<String, double[]> fields)
 *     static CrossSection of(String timestamp, Map<String, Map<String, Double>> bars)
 * record CrossSectionValues(String timestamp, List<String> symbols, List<String> alphaNames,
 *                           double[][] values)        // values[alpha][symbol]
 * }</pre>
 *
 * <h2>Semantics</h2>
 * Those of DESIGN.md ("Operator semantics"), with each step one row of the calendar: a symbol seen
 * before but absent from a cross-section has no bar at that row (NaN inside its windows, never
 * skipped); a symbol appearing late has an all-NaN past, as in a panel that holds it. An empty
 * cross-section is not a row (a panel's calendar only holds timestamps with a bar): it changes
 * nothing and gives no values. Timestamps must strictly increase (string order, as ISO-8601).
 * Derived fields ({@code returns}, {@code vwap} when the data lacks it, {@code adv{d}}) expand as
 * in batch. The data's fields are those of the first non-empty cross-section; a later one may lack
 * some (NaN for all its symbols) but may not bring new ones. Alphas whose fields the data lacks are
 * refused: by {@link #add} once the fields are known, else by the first {@link #step}, which then
 * changes nothing.
 *
 * <h2>How</h2>
 * The alphas' canonical trees are merged into one graph, a shared subtree computed once per step
 * (as in batch). Element-wise and cross-sectional nodes run over the step's cross-section with the
 * batch evaluator's own kernels; time-series nodes keep per-symbol state (see
 * {@link StreamWindows} for each algorithm and its cost). Every step is the same arithmetic as the
 * batch kernels on the same rows, so streamed values equal batch bit for bit when the stream starts
 * at the panel's first row. State is O(symbols x nodes x window) and the retained bars a bounded
 * ring: nothing grows with the stream's length.
 *
 * <h2>Adding an alpha at run time</h2>
 * {@link #add} builds the alpha's nodes in a graph of their own, replays the retained bars (the last
 * {@code retainedBars} cross-sections) through it, then merges it into the live graph, keeping the
 * live node wherever one exists (it has seen the whole stream). Its first value therefore equals
 * batch's whenever its lookback fits in the retained bars, which {@link #add} requires. Two
 * exceptions: {@code ema} remembers its whole past, so an alpha with an {@code ema} added after
 * more than {@code retainedBars} rows starts from a shorter history (it converges at the rate
 * (1 - 2/(d+1))^rows); and a streamed block statistic ({@code product}, {@code slope}, windows over
 * 32 rows) of a run longer than the replay is split into different blocks than batch splits it,
 * which changes only rounding (within 1e-12 relative).
 *
 * <p>Not thread-safe: one instance is used by one thread at a time ({@link #copy} makes an
 * independent one).
 */
public final class IncrementalEvaluator {

    /** "QIEV": marks a saved state. */
    private static final int MAGIC = 0x51494556;
    /** Version of the format {@link #writeTo} writes; {@link #readFrom} reads this one only. */
    private static final int FORMAT = 1;

    private final Groups groups;
    private final int retainedBars;
    private final Map<String, Active> alphas = new LinkedHashMap<>();
    private final ArrayDeque<CrossSection> retained;
    private final Universe universe;
    private final StreamGraph graph;
    /** Whether the data fields are fixed (by the first non-empty cross-section) and the graph built. */
    private boolean started;
    private String lastTimestamp;
    /** Rows stepped so far: the index of the next row. */
    private long row;
    private List<String> names = List.of();

    /** An active alpha and its graph node (null until the first cross-section fixes the fields). */
    private record Active(CheckedAlpha alpha, StreamGraph.Node root) {
    }

    /**
     * @param alphas       checked alphas of kind alpha, distinct names
     * @param groups       the symbol -> sector table of {@code indneutralize} ({@link Groups#none()} if none)
     * @param retainedBars how many past cross-sections are kept to warm up alphas added later; at
     *                     least every alpha's lookback
     * @throws IllegalArgumentException for a label, a duplicate name, or a lookback over retainedBars
     */
    public IncrementalEvaluator(List<CheckedAlpha> alphas, Groups groups, int retainedBars) {
        this(groups, retainedBars);
        for (CheckedAlpha alpha : alphas) {
            validate(alpha);
            if (this.alphas.putIfAbsent(alpha.name(), new Active(alpha, null)) != null) {
                throw new IllegalArgumentException("two alphas named '" + alpha.name() + "'");
            }
        }
        names = List.copyOf(this.alphas.keySet());
    }

    private IncrementalEvaluator(Groups groups, int retainedBars) {
        if (retainedBars < 0) {
            throw new IllegalArgumentException("retainedBars must be >= 0, got " + retainedBars);
        }
        this.groups = Objects.requireNonNull(groups, "groups");
        this.retainedBars = retainedBars;
        this.retained = new ArrayDeque<>(Math.min(retainedBars, 1024) + 1);
        this.universe = new Universe(groups);
        this.graph = new StreamGraph(0);
    }

    private void validate(CheckedAlpha alpha) {
        if (alpha.kind() != Definition.Kind.ALPHA) {
            throw new IllegalArgumentException("'" + alpha.name() + "' is a " + alpha.kind().keyword()
                    + ": labels may look ahead, so they cannot be evaluated on a stream");
        }
        if (alpha.lookback() > retainedBars) {
            throw new IllegalArgumentException("alpha '" + alpha.name() + "' has a lookback of " + alpha.lookback()
                    + " rows, more than the " + retainedBars + " bars this evaluator retains (retainedBars): "
                    + "it could not be warmed up");
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Evaluates the next cross-section.
     *
     * @return every active alpha's value for every symbol of {@code bars}
     * @throws IllegalArgumentException when the timestamp does not follow the previous one, the
     *                                  cross-section brings a field the stream's first one did not
     *                                  have, or (first cross-section) an alpha reads a field the
     *                                  data lacks; nothing changes then
     */
    public CrossSectionValues step(CrossSection bars) {
        Objects.requireNonNull(bars, "bars");
        if (lastTimestamp != null && bars.timestamp().compareTo(lastTimestamp) <= 0) {
            throw new IllegalArgumentException("timestamps must strictly increase: " + bars.timestamp()
                    + " comes after " + lastTimestamp);
        }
        if (bars.size() == 0) {
            lastTimestamp = bars.timestamp();
            return new CrossSectionValues(bars.timestamp(), List.of(), names, new double[names.size()][0]);
        }
        if (started) {
            for (String field : bars.fields().keySet()) {
                if (!universe.fields().contains(field)) {
                    throw new IllegalArgumentException("the cross-section at " + bars.timestamp() + " has field '"
                            + field + "', which the stream's first cross-section did not have (fields: "
                            + String.join(", ", universe.fields()) + ")");
                }
            }
        } else {
            start(bars.fields().keySet());
        }
        int before = universe.size();
        int[] indices = universe.register(bars.symbols());
        graph.grow(universe.capacity());
        graph.newSymbols(before, universe.size());
        universe.load(bars, indices);
        graph.step(universe, row);
        if (retainedBars > 0) {
            if (retained.size() == retainedBars) {
                retained.removeFirst();
            }
            retained.addLast(bars);
        }
        row++;
        lastTimestamp = bars.timestamp();
        double[][] values = new double[alphas.size()][];
        int a = 0;
        for (Active active : alphas.values()) {
            double[] all = active.root.value;
            double[] v = new double[indices.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = all[indices[i]];
            }
            values[a++] = v;
        }
        return new CrossSectionValues(bars.timestamp(), bars.symbols(), names, values);
    }

    /** Fixes the data fields and builds the graph of the alphas given so far. */
    private void start(Set<String> fields) {
        Map<String, Expr> expanded = new LinkedHashMap<>();
        for (Active active : alphas.values()) {
            expanded.put(active.alpha.name(), expand(active.alpha, fields));
        }
        universe.setFields(fields);
        started = true;
        alphas.replaceAll((name, active) -> {
            StreamGraph.Node root = graph.plan(expanded.get(name));
            graph.retain(root);
            return new Active(active.alpha, root);
        });
    }

    /** The alpha's tree with derived fields expanded, or why the data cannot feed it. */
    private static Expr expand(CheckedAlpha alpha, Set<String> fields) {
        Expr expanded = DerivedFields.expand(alpha.canonical(), fields);
        Set<String> missing = new TreeSet<>();
        collectFields(expanded, missing);
        missing.removeAll(fields);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("alpha '" + alpha.name() + "' reads "
                    + (missing.size() == 1 ? "field '" + missing.iterator().next() + "'"
                    : "fields '" + String.join("', '", missing) + "'")
                    + ", which the data does not have (it has " + String.join(", ", fields) + ")");
        }
        return expanded;
    }

    private static void collectFields(Expr e, Set<String> out) {
        if (e instanceof Expr.Field f) {
            out.add(f.name());
        }
        for (Expr child : e.children()) {
            collectFields(child, out);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Adds an alpha (replacing an active one of the same name), warmed up from the retained bars so
     * that its first value, at the next step, equals batch's.
     *
     * @throws IllegalArgumentException for a label, a lookback over retainedBars or a field the data
     *                                  lacks; the active alphas are unchanged then
     */
    public void add(CheckedAlpha alpha) {
        validate(alpha);
        Expr expanded = started ? expand(alpha, universe.fields()) : null;
        remove(alpha.name());
        alphas.put(alpha.name(), new Active(alpha, started ? warmUp(expanded) : null));
        names = List.copyOf(alphas.keySet());
    }

    /** The alpha's nodes, replayed over the retained bars, merged into the live graph. */
    private StreamGraph.Node warmUp(Expr expanded) {
        StreamGraph warm = new StreamGraph(graph.capacity());
        StreamGraph.Node root = warm.plan(expanded);
        long past = row - retained.size();
        for (CrossSection bars : retained) {
            universe.load(bars, universe.register(bars.symbols()));
            warm.step(universe, past++);
        }
        StreamGraph.Node adopted = graph.adopt(warm, root);
        graph.retain(adopted);
        return adopted;
    }

    /** Stops evaluating an alpha and drops the nodes only it used. A name not active: nothing happens. */
    public void remove(String alphaName) {
        Active active = alphas.remove(alphaName);
        if (active == null) {
            return;
        }
        if (active.root != null) {
            graph.release(active.root);
        }
        names = List.copyOf(alphas.keySet());
    }

    /** The active alphas' names, in insertion order. */
    public List<String> alphaNames() {
        return names;
    }

    /** The active alphas as checked (name and canonical formula), in insertion order. */
    public List<CheckedAlpha> alphas() {
        return alphas.values().stream().map(Active::alpha).toList();
    }

    /** Nodes in the merged graph (a subtree shared by several alphas counts once). */
    int nodeCount() {
        return graph.size();
    }

    /** A deep copy: stepping, adding or removing on either never affects the other. */
    public IncrementalEvaluator copy() {
        return new IncrementalEvaluator(this);
    }

    private IncrementalEvaluator(IncrementalEvaluator other) {
        this.groups = other.groups;
        this.retainedBars = other.retainedBars;
        this.retained = new ArrayDeque<>(other.retained); // cross-sections are immutable
        this.universe = other.universe.copy();
        Map<StreamGraph.Node, StreamGraph.Node> mapping = new IdentityHashMap<>();
        this.graph = other.graph.copy(mapping);
        other.alphas.forEach((name, active) ->
                alphas.put(name, new Active(active.alpha, active.root == null ? null : mapping.get(active.root))));
        this.started = other.started;
        this.lastTimestamp = other.lastTimestamp;
        this.row = other.row;
        this.names = other.names;
    }

    // ---------------------------------------------------------------------------------------------
    // State: magic, format, then the settings, the alphas (as text, re-checked on reading), the
    // symbols, the retained bars and each node's state in StreamGraph.canonicalOrder.

    /** Writes the full state; {@link #readFrom} restores it. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(retainedBars);
        out.writeLong(row);
        out.writeBoolean(lastTimestamp != null);
        if (lastTimestamp != null) {
            writeString(out, lastTimestamp);
        }
        out.writeBoolean(started);
        writeStrings(out, started ? List.copyOf(universe.fields()) : List.of());
        writeStrings(out, universe.names());
        out.writeInt(alphas.size());
        for (Active active : alphas.values()) {
            CheckedAlpha a = active.alpha;
            writeString(out, a.name());
            writeString(out, a.canonicalText());
            writeStrings(out, List.copyOf(new TreeSet<>(a.fields())));
            out.writeInt(a.lookback());
            out.writeInt(a.depth());
            out.writeInt(a.size());
        }
        out.writeInt(retained.size());
        for (CrossSection bars : retained) {
            writeString(out, bars.timestamp());
            writeStrings(out, bars.symbols());
            out.writeInt(bars.fields().size());
            for (Map.Entry<String, double[]> field : bars.fields().entrySet()) {
                writeString(out, field.getKey());
                for (double v : field.getValue()) {
                    out.writeDouble(v);
                }
            }
        }
        if (started) {
            List<StreamGraph.Node> nodes = StreamGraph.canonicalOrder(roots());
            out.writeInt(nodes.size());
            for (StreamGraph.Node node : nodes) {
                out.writeInt(Printer.print(node.expr).hashCode());
                node.op.write(out, universe.size());
            }
        }
    }

    /**
     * Restores a state {@link #writeTo} wrote; the alphas are re-checked from their canonical text.
     *
     * @throws IOException when the input is not such a state, of another format version, or does
     *                     not match its own alphas
     */
    public static IncrementalEvaluator readFrom(DataInput in, Groups groups) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a saved incremental evaluator state");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("incremental evaluator state format " + format + " is not supported (this build reads "
                    + FORMAT + ")");
        }
        IncrementalEvaluator e = new IncrementalEvaluator(groups, in.readInt());
        e.row = in.readLong();
        e.lastTimestamp = in.readBoolean() ? readString(in) : null;
        boolean started = in.readBoolean();
        List<String> fields = readStrings(in);
        List<String> symbols = readStrings(in);
        int alphaCount = in.readInt();
        for (int i = 0; i < alphaCount; i++) {
            CheckedAlpha alpha = recheck(readString(in), readString(in), readStrings(in), in.readInt(), in.readInt(),
                    in.readInt());
            e.alphas.put(alpha.name(), new Active(alpha, null));
        }
        e.names = List.copyOf(e.alphas.keySet());
        int retainedCount = in.readInt();
        for (int i = 0; i < retainedCount; i++) {
            String timestamp = readString(in);
            List<String> barSymbols = readStrings(in);
            int fieldCount = in.readInt();
            Map<String, double[]> values = new LinkedHashMap<>();
            for (int f = 0; f < fieldCount; f++) {
                String name = readString(in);
                double[] v = new double[barSymbols.size()];
                for (int s = 0; s < v.length; s++) {
                    v[s] = in.readDouble();
                }
                values.put(name, v);
            }
            e.retained.addLast(new CrossSection(timestamp, barSymbols, values));
        }
        if (started) {
            try {
                e.start(new LinkedHashSet<>(fields));
            } catch (IllegalArgumentException ex) {
                throw new IOException("saved state does not match its alphas: " + ex.getMessage(), ex);
            }
            e.universe.register(symbols);
            e.graph.grow(e.universe.capacity());
            List<StreamGraph.Node> nodes = StreamGraph.canonicalOrder(e.roots());
            if (in.readInt() != nodes.size()) {
                throw new IOException("saved state does not match its alphas: another number of graph nodes");
            }
            for (StreamGraph.Node node : nodes) {
                if (in.readInt() != Printer.print(node.expr).hashCode()) {
                    throw new IOException("saved state does not match its alphas at node " + Printer.print(node.expr));
                }
                node.op.read(in, symbols.size());
            }
        }
        return e;
    }

    private List<StreamGraph.Node> roots() {
        List<StreamGraph.Node> roots = new ArrayList<>(alphas.size());
        alphas.values().forEach(active -> roots.add(active.root));
        return roots;
    }

    /** An alpha from its saved canonical text, under limits that admit what was admitted before. */
    private static CheckedAlpha recheck(String name, String canonicalText, List<String> fields, int lookback,
                                        int depth, int size) throws IOException {
        Limits limits = new Limits(Math.max(Limits.DEFAULT.maxDepth(), 2 * depth),
                Math.max(Limits.DEFAULT.maxNodes(), 2 * size), Math.max(Limits.DEFAULT.maxWindow(), lookback + 1),
                Limits.DEFAULT.maxDefinitions());
        try {
            CheckedAlpha alpha = new Checker(limits, Set.copyOf(fields))
                    .checkExpression(name, canonicalText, Definition.Kind.ALPHA);
            if (!alpha.canonicalText().equals(canonicalText)) {
                throw new IOException("alpha '" + name + "' reads back as " + alpha.canonicalText()
                        + ", not as saved: " + canonicalText);
            }
            return alpha;
        } catch (FormulaException ex) {
            throw new IOException("saved alpha '" + name + "' no longer checks: " + ex.getMessage(), ex);
        }
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("corrupt state: negative string length");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeStrings(DataOutput out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            writeString(out, s);
        }
    }

    private static List<String> readStrings(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("corrupt state: negative count");
        }
        List<String> out = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) {
            out.add(readString(in));
        }
        return out;
    }
}
