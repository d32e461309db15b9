package io.quarry.dsl.eval;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

/**
 * Evaluates checked alphas over a whole {@link Panel} at once, with the semantics of DESIGN.md.
 *
 * <p>The alphas' canonical trees are merged into one graph, so a subexpression shared by several
 * alphas ({@code adv20}, {@code rank(volume)}, ...) is computed once. An intermediate array goes back
 * to a pool as soon as its last consumer has run, so memory stays near (alphas + live intermediates)
 * x rows x symbols.
 *
 * <p>With more than one thread, the nodes of a graph run concurrently: each thread takes the
 * earliest node (in the sequential order) whose inputs are ready and computes it on its own, so
 * threads never wait on each other inside an operator (there were ~930 such joins in an evaluation
 * of the WQ101 set). A small graph (fewer than {@value #CONCURRENT_NODES} nodes) and an evaluation with a
 * {@link NodeCache} run node after node instead, each node parallel inside (time-series operators
 * over symbols, cross-sectional ones over rows, element-wise ones over cells). Every cell is computed
 * by the same code either way, so the results are identical.
 *
 * <p>Stateless and thread-safe: one instance can serve any number of evaluations.
 */
public final class BatchEvaluator {

    /** Rows gathered together for cross-sectional operators. */
    private static final int ROW_BLOCK = 64;

    /**
     * The smallest graph whose nodes run concurrently: enough nodes that threads rarely wait for
     * one to become ready.
     */
    private static final int CONCURRENT_NODES = 64;

    private final int parallelism;

    /** An evaluator that uses every core. */
    public BatchEvaluator() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param parallelism how many chunks each operator is split into (1 = sequential) */
    public BatchEvaluator(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    public Evaluation evaluate(Panel panel, List<CheckedAlpha> alphas) {
        return new Run(panel, null).evaluate(alphas);
    }

    /**
     * Evaluates like {@link #evaluate(Panel, List)}, reusing the subtree values a cache holds from
     * earlier evaluations of the same panel and offering it the ones computed now (the miner
     * evaluates thousands of candidates that share subexpressions).
     */
    public Evaluation evaluate(Panel panel, List<CheckedAlpha> alphas, NodeCache cache) {
        return new Run(panel, java.util.Objects.requireNonNull(cache, "cache")).evaluate(alphas);
    }

    /**
     * Values of subtrees kept across evaluations of one panel. Keys are subtrees with derived fields
     * expanded; values are symbol-major over the panel, before the missing-bar mask of a final value.
     * The evaluator never writes an array it got from {@link #get} or that the cache kept from
     * {@link #offer}; it writes only the {@link #spare}s it is handed. Implementations must be
     * thread-safe when evaluations run concurrently.
     */
    public interface NodeCache {
        /** The values of a subtree computed earlier on the same panel, or null. */
        double[] get(Expr subtree);

        /**
         * Offers a subtree's values; true when the cache keeps the array.
         *
         * @param costNanos how long this evaluation took to compute the subtree, its inputs
         *                  included except those the cache gave: what keeping it saves the next
         *                  time, for a cache that weighs what it keeps
         */
        boolean offer(Expr subtree, double[] values, long costNanos);

        /**
         * An array of the panel's cell count that nothing reads any more, for the evaluator to
         * compute into (one {@link #recycle}d earlier), or null. The default has none.
         */
        default double[] spare() {
            return null;
        }

        /**
         * Takes an array of the panel's cell count that its owner will neither read nor write
         * again: an intermediate value an evaluation has finished with, or a result its caller has
         * used (once, even where alphas that are one tree share it). Reusing them spares a caller
         * that evaluates batch after batch (the miner) a fresh array per node, and the collector
         * the copying of arrays that live across a collection. The default drops it.
         */
        default void recycle(double[] array) {
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A node of the merged graph. */
    private static final class Node {
        final Expr expr;
        final List<Node> inputs;
        /** Position in the sequential order; -1 for a value taken from the cache. */
        int position = -1;
        int pendingConsumers;
        boolean output;
        double[] value;
        boolean pooled;
        /** What computing the node had to warn about, or null. */
        String warning;
        /** Nanoseconds computing it took, its inputs included (0 for a field or a cached value). */
        long cost;
        /** Nodes that read this one (once per use), and inputs not yet computed: concurrent runs. */
        final List<Node> consumers = new ArrayList<>();
        int inputsPending;

        Node(Expr expr, List<Node> inputs) {
            this.expr = expr;
            this.inputs = inputs;
        }
    }

    /** The gathered rows, results and rank scratch of one chunk of a cross-sectional operator. */
    private static final class RowBlocks {
        final double[][] in;
        final double[][] result;
        final CrossSectionKernels.RankScratch rank;

        RowBlocks(int symbols) {
            in = new double[ROW_BLOCK][symbols];
            result = new double[ROW_BLOCK][symbols];
            rank = new CrossSectionKernels.RankScratch(symbols);
        }
    }

    /** One evaluation: the graph, its array pool and the panel. */
    private final class Run {
        private final Panel panel;
        private final int rows;
        private final int symbols;
        private final int cells;
        private final Map<Expr, Node> nodes = new HashMap<>();
        private final List<Node> order = new ArrayList<>();
        private final ArrayDeque<double[]> pool = new ArrayDeque<>();
        private final NodeCache cache;
        /** Guards the array pool, and the ready queue and progress of a concurrent run. */
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition nodeDone = lock.newCondition();
        /** How many chunks an operator is split into: 1 while nodes run concurrently. */
        private int parts;
        /** Scratch of cross-sectional chunks, reused by later chunks (of any operator). */
        private final Queue<RowBlocks> rowBlocks = new ConcurrentLinkedQueue<>();

        Run(Panel panel, NodeCache cache) {
            this.panel = panel;
            this.cache = cache;
            this.rows = panel.rows();
            this.symbols = panel.symbolCount();
            this.cells = rows * symbols;
            this.parts = parallelism;
        }

        Evaluation evaluate(List<CheckedAlpha> alphas) {
            Node[] roots = new Node[alphas.size()];
            String[] errors = new String[alphas.size()];
            for (int i = 0; i < alphas.size(); i++) {
                Expr expanded = DerivedFields.expand(alphas.get(i).canonical(), panel.fieldNames());
                Set<String> missing = new TreeSet<>();
                collectMissingFields(expanded, missing);
                if (missing.isEmpty()) {
                    roots[i] = plan(expanded);
                    roots[i].output = true;
                } else {
                    errors[i] = (missing.size() == 1 ? "field '" + missing.iterator().next() + "' is"
                            : "fields '" + String.join("', '", missing) + "' are") + " not in the data (it has "
                            + String.join(", ", panel.fieldNames()) + ")";
                }
            }
            if (parallelism > 1 && cache == null && order.size() >= CONCURRENT_NODES) {
                computeConcurrently();
            } else {
                for (Node node : order) {
                    long start = System.nanoTime();
                    compute(node);
                    node.cost = System.nanoTime() - start;
                    for (Node input : node.inputs) {
                        node.cost += input.cost;
                    }
                    if (cache != null && node.pooled && !(node.expr instanceof Expr.Num)
                            && cache.offer(node.expr, node.value, node.cost)) {
                        node.pooled = false;
                    }
                    releaseInputs(node);
                }
            }
            Set<String> warnings = new LinkedHashSet<>();
            for (Node node : order) {
                if (node.warning != null) {
                    warnings.add(node.warning);
                }
            }
            List<EvaluatedAlpha> results = new ArrayList<>(alphas.size());
            Set<Node> masked = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int i = 0; i < alphas.size(); i++) {
                if (roots[i] == null) {
                    results.add(new EvaluatedAlpha(alphas.get(i), null, errors[i]));
                    continue;
                }
                Node root = roots[i];
                if (!root.pooled) {
                    double[] copy = allocate();
                    System.arraycopy(root.value, 0, copy, 0, cells);
                    root.value = copy;
                    root.pooled = true;
                }
                if (masked.add(root)) {
                    maskMissingBars(root.value);
                }
                results.add(new EvaluatedAlpha(alphas.get(i), root.value, null));
            }
            if (cache != null) {
                pool.forEach(cache::recycle);
                pool.clear();
            }
            return new Evaluation(results, List.copyOf(warnings));
        }

        /** Returns the arrays of the node's inputs that no other node will read to the pool. */
        private void releaseInputs(Node node) {
            lock.lock();
            try {
                for (Node input : node.inputs) {
                    if (--input.pendingConsumers == 0 && !input.output && input.pooled) {
                        pool.push(input.value);
                        input.value = null;
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Computes the graph with {@code parallelism} threads, each running whole nodes, earliest
         * ready node first (so intermediates are released about as soon as in the sequential order).
         */
        private void computeConcurrently() {
            parts = 1;
            PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparingInt((Node n) -> n.position));
            for (Node node : order) {
                for (Node input : node.inputs) {
                    if (input.position >= 0) {
                        input.consumers.add(node);
                        node.inputsPending++;
                    }
                }
                if (node.inputsPending == 0) {
                    ready.add(node);
                }
            }
            Progress progress = new Progress(ready);
            IntStream.range(0, parallelism).parallel().forEach(worker -> computeReadyNodes(progress));
            parts = parallelism;
            Throwable thrown = progress.failure;
            if (thrown instanceof RuntimeException e) {
                throw e;
            } else if (thrown instanceof Error e) {
                throw e;
            }
        }

        /** A concurrent run's shared state, guarded by {@link #lock}. */
        private static final class Progress {
            final PriorityQueue<Node> ready;
            int done;
            Throwable failure;

            Progress(PriorityQueue<Node> ready) {
                this.ready = ready;
            }
        }

        /** One thread of a concurrent run: computes ready nodes until none is left or one failed. */
        private void computeReadyNodes(Progress progress) {
            while (true) {
                Node node;
                lock.lock();
                try {
                    while (progress.ready.isEmpty() && progress.done < order.size() && progress.failure == null) {
                        nodeDone.awaitUninterruptibly();
                    }
                    if (progress.ready.isEmpty()) {
                        return; // all done, or another thread failed
                    }
                    node = progress.ready.poll();
                } finally {
                    lock.unlock();
                }
                Throwable failure = null;
                try {
                    compute(node);
                    releaseInputs(node);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                lock.lock();
                try {
                    if (failure != null) {
                        progress.failure = progress.failure == null ? failure : progress.failure;
                        progress.ready.clear();
                    } else if (progress.failure == null) {
                        progress.done++;
                        for (Node consumer : node.consumers) {
                            if (--consumer.inputsPending == 0) {
                                progress.ready.add(consumer);
                            }
                        }
                    }
                    nodeDone.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        private void collectMissingFields(Expr e, Set<String> missing) {
            if (e instanceof Expr.Field f && !panel.hasField(f.name())) {
                missing.add(f.name());
            }
            for (Expr child : e.children()) {
                collectMissingFields(child, missing);
            }
        }

        /** The node for a subtree, creating it (and its inputs first) when not yet in the graph. */
        private Node plan(Expr e) {
            Node existing = nodes.get(e);
            if (existing != null) {
                return existing;
            }
            double[] cached = cache == null || e.children().isEmpty() ? null : cache.get(e);
            if (cached != null) {
                // Computed before: no inputs, not in the order, never returned to the pool.
                Node node = new Node(e, List.of());
                node.value = cached;
                nodes.put(e, node);
                return node;
            }
            List<Node> inputs = new ArrayList<>();
            for (Expr child : e.children()) {
                if (isSeries(e, child) && !isScalarOperand(e, child)) {
                    Node input = plan(child);
                    input.pendingConsumers++;
                    inputs.add(input);
                }
            }
            Node node = new Node(e, inputs);
            node.position = order.size();
            nodes.put(e, node);
            order.add(node);
            return node;
        }

        private void maskMissingBars(double[] values) {
            boolean[] hasBar = panel.barMask();
            cellChunks((from, to) -> {
                for (int i = from; i < to; i++) {
                    if (!hasBar[i]) {
                        values[i] = Double.NaN;
                    }
                }
            });
        }

        private double[] allocate() {
            double[] array;
            lock.lock();
            try {
                array = pool.poll();
                if (array == null && cache != null) {
                    array = cache.spare();
                }
            } finally {
                lock.unlock();
            }
            return array != null && array.length == cells ? array : new double[cells];
        }

        // -----------------------------------------------------------------------------------------
        // Operators

        private void compute(Node node) {
            Expr e = node.expr;
            if (e instanceof Expr.Field f) {
                node.value = finiteField(f.name());
                return;
            }
            double[] out = allocate();
            node.value = out;
            node.pooled = true;
            if (e instanceof Expr.Num n) {
                cellChunks((from, to) -> Arrays.fill(out, from, to, n.value()));
            } else if (e instanceof Expr.Neg) {
                double[] x = node.inputs.get(0).value;
                cellChunks((from, to) -> ElementKernels.negate(x, out, from, to));
            } else if (e instanceof Expr.Binary b && node.inputs.size() == 1) {
                double[] x = node.inputs.get(0).value;
                boolean left = b.left() instanceof Expr.Num;
                double c = ((Expr.Num) (left ? b.left() : b.right())).value();
                cellChunks((from, to) -> ElementKernels.binaryScalar(b.op(), c, left, x, out, from, to));
            } else if (e instanceof Expr.Binary b) {
                double[] l = node.inputs.get(0).value;
                double[] r = node.inputs.get(1).value;
                cellChunks((from, to) -> ElementKernels.binary(b.op(), l, r, out, from, to));
            } else if (e instanceof Expr.Ternary) {
                double[] c = node.inputs.get(0).value;
                double[] a = node.inputs.get(1).value;
                double[] z = node.inputs.get(2).value;
                cellChunks((from, to) -> ElementKernels.ternary(c, a, z, out, from, to));
            } else {
                call((Expr.Call) e, node, out);
            }
        }

        /**
         * A field's values, shared with the panel, unless the data holds infinities: those are
         * missing values like NaN, so a copy has them replaced.
         */
        private double[] finiteField(String name) {
            double[] values = panel.values(name);
            if (!panel.hasInfinities(name)) {
                return values;
            }
            double[] copy = values.clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] = ElementKernels.finite(copy[i]);
            }
            return copy;
        }

        private void call(Expr.Call c, Node node, double[] out) {
            Operator op = operator(c);
            double[] x = node.inputs.get(0).value;
            switch (op.shape()) {
                case MAP1 -> cellChunks((from, to) -> ElementKernels.map1(op, x, out, from, to));
                case MAP2 -> {
                    double[] y = node.inputs.get(1).value;
                    cellChunks((from, to) -> ElementKernels.map2(op, x, y, out, from, to));
                }
                case LAG, WINDOW -> {
                    int d = (int) ((Expr.Num) c.args().get(1)).value();
                    WindowKernel kernel = windowKernel(op);
                    symbolChunks((from, to) -> {
                        for (int s = from; s < to; s++) {
                            kernel.apply(x, out, s * rows, rows, d);
                        }
                    });
                }
                case WINDOW2 -> {
                    double[] y = node.inputs.get(1).value;
                    int d = (int) ((Expr.Num) c.args().get(2)).value();
                    symbolChunks((from, to) -> {
                        for (int s = from; s < to; s++) {
                            if (op == Operator.CORRELATION) {
                                WindowKernels.correlation(x, y, out, s * rows, rows, d);
                            } else {
                                WindowKernels.covariance(x, y, out, s * rows, rows, d);
                            }
                        }
                    });
                }
                case CROSS_SECTION -> crossSection(x, out, (in, o, n, scratch) -> {
                    switch (op) {
                        case RANK -> CrossSectionKernels.rank(in, o, n, scratch);
                        case ZSCORE -> CrossSectionKernels.zscore(in, o, n);
                        case DEMEAN -> CrossSectionKernels.demean(in, o, n);
                        default -> throw new IllegalStateException(op.name());
                    }
                });
                case SCALE -> {
                    double a = ((Expr.Num) c.args().get(1)).value();
                    crossSection(x, out, (in, o, n, scratch) -> CrossSectionKernels.scale(in, o, n, a));
                }
                case GROUP -> {
                    GroupLevel requested = ((Expr.GroupRef) c.args().get(1)).level();
                    int[] groupIds = groupIds(requested, node);
                    int groupCount = Arrays.stream(groupIds).max().orElse(-1) + 1;
                    crossSection(x, out, (in, o, n, scratch) ->
                            CrossSectionKernels.neutralize(in, groupIds, groupCount, o, n));
                }
                default -> throw new IllegalStateException("unhandled shape " + op.shape());
            }
        }

        private int[] groupIds(GroupLevel requested, Node node) {
            var groups = panel.groups();
            if (groups.isEmpty()) {
                node.warning = "no group table: indneutralize gives NaN (pass a sector file with --groups)";
            } else if (groups.effectiveLevel(requested) != requested) {
                node.warning = "IndClass." + requested.keyword() + " is not in the group table: using "
                        + groups.effectiveLevel(requested).keyword();
            }
            return groups.groupIds(panel.symbols(), requested);
        }

        /**
         * Runs a kernel on each row's cross-section. Rows are gathered from the symbol-major layout
         * in blocks of {@value #ROW_BLOCK}, so each symbol's values are read a cache line at a time
         * rather than one strided access per cell. The blocks and the rank scratch go from chunk to
         * chunk of the evaluation rather than being allocated per chunk (~0.5 MB each).
         */
        private void crossSection(double[] x, double[] out, CrossSectionKernel kernel) {
            rowChunks((from, to) -> {
                RowBlocks blocks = rowBlocks.poll();
                if (blocks == null) {
                    blocks = new RowBlocks(symbols);
                }
                crossSection(x, out, kernel, from, to, blocks);
                rowBlocks.add(blocks);
            });
        }

        private void crossSection(double[] x, double[] out, CrossSectionKernel kernel, int from, int to,
                                  RowBlocks blocks) {
            double[][] in = blocks.in;
            double[][] result = blocks.result;
            for (int t0 = from; t0 < to; t0 += ROW_BLOCK) {
                int block = Math.min(ROW_BLOCK, to - t0);
                gather(x, t0, block, in);
                for (int b = 0; b < block; b++) {
                    kernel.apply(in[b], result[b], symbols, blocks.rank);
                }
                scatter(result, t0, block, out);
            }
        }

        /**
         * Copies rows [t0, t0 + block) of symbol-major {@code x} into {@code in[b][symbol]}, four
         * symbols per pass over the rows (one row array per four values written).
         */
        private void gather(double[] x, int t0, int block, double[][] in) {
            int s = 0;
            for (; s + 4 <= symbols; s += 4) {
                int a0 = s * rows + t0;
                int a1 = a0 + rows;
                int a2 = a1 + rows;
                int a3 = a2 + rows;
                for (int b = 0; b < block; b++) {
                    double[] row = in[b];
                    row[s] = x[a0 + b];
                    row[s + 1] = x[a1 + b];
                    row[s + 2] = x[a2 + b];
                    row[s + 3] = x[a3 + b];
                }
            }
            for (; s < symbols; s++) {
                int base = s * rows + t0;
                for (int b = 0; b < block; b++) {
                    in[b][s] = x[base + b];
                }
            }
        }

        /** The inverse of {@link #gather}: {@code result[b][symbol]} into rows [t0, t0 + block) of out. */
        private void scatter(double[][] result, int t0, int block, double[] out) {
            int s = 0;
            for (; s + 4 <= symbols; s += 4) {
                int a0 = s * rows + t0;
                int a1 = a0 + rows;
                int a2 = a1 + rows;
                int a3 = a2 + rows;
                for (int b = 0; b < block; b++) {
                    double[] row = result[b];
                    out[a0 + b] = row[s];
                    out[a1 + b] = row[s + 1];
                    out[a2 + b] = row[s + 2];
                    out[a3 + b] = row[s + 3];
                }
            }
            for (; s < symbols; s++) {
                int base = s * rows + t0;
                for (int b = 0; b < block; b++) {
                    out[base + b] = result[b][s];
                }
            }
        }

        // -----------------------------------------------------------------------------------------
        // Parallel loops: the range is split into `parallelism` chunks run on the common pool.

        private void cellChunks(RangeBody body) {
            chunks(cells, body);
        }

        private void symbolChunks(RangeBody body) {
            chunks(symbols, body);
        }

        private void rowChunks(RangeBody body) {
            chunks(rows, body);
        }

        private void chunks(int n, RangeBody body) {
            int pieces = Math.min(parts, Math.max(1, n / 64));
            if (pieces <= 1) {
                body.run(0, n);
                return;
            }
            IntStream.range(0, pieces).parallel().forEach(p -> body.run(
                    (int) ((long) n * p / pieces), (int) ((long) n * (p + 1) / pieces)));
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Window lengths, scale factors and group levels are parameters, not input series. */
    static boolean isSeries(Expr parent, Expr child) {
        if (child instanceof Expr.GroupRef) {
            return false;
        }
        if (parent instanceof Expr.Call c) {
            Operator op = operator(c);
            List<Expr> args = c.args();
            boolean last = child == args.get(args.size() - 1);
            return !(last && (op.timeSeries() || op == Operator.SCALE));
        }
        return true;
    }

    /**
     * Whether a child is the number operand of an arithmetic operator whose other operand is a
     * series: computed against the number itself instead of an array filled with it.
     */
    private static boolean isScalarOperand(Expr parent, Expr child) {
        return parent instanceof Expr.Binary b && ElementKernels.hasScalarForm(b.op())
                && child instanceof Expr.Num
                && (b.left() instanceof Expr.Num) != (b.right() instanceof Expr.Num);
    }

    static Operator operator(Expr.Call c) {
        return Operator.byName(c.function())
                .orElseThrow(() -> new IllegalArgumentException("not a checked tree: " + c.function()));
    }

    private static WindowKernel windowKernel(Operator op) {
        return switch (op) {
            case DELAY -> WindowKernels::delay;
            case DELTA -> WindowKernels::delta;
            case SUM -> WindowKernels::sum;
            case PRODUCT -> WindowKernels::product;
            case MEAN -> WindowKernels::mean;
            case TS_MIN -> WindowKernels::tsMin;
            case TS_MAX -> WindowKernels::tsMax;
            case MED -> WindowKernels::median;
            case MAD -> WindowKernels::mad;
            case STDDEV -> WindowKernels::stddev;
            case VAR -> WindowKernels::variance;
            case SKEW -> WindowKernels::skew;
            case KURT -> WindowKernels::kurt;
            case TS_RANK -> WindowKernels::tsRank;
            case TS_ARGMAX -> WindowKernels::tsArgMax;
            case TS_ARGMIN -> WindowKernels::tsArgMin;
            case DECAY_LINEAR -> WindowKernels::decayLinear;
            case EMA -> WindowKernels::ema;
            case SLOPE -> WindowKernels::slope;
            case RSQUARE -> WindowKernels::rsquare;
            case RESI -> WindowKernels::resi;
            default -> throw new IllegalArgumentException(op + " is not a one-series window operator");
        };
    }

    @FunctionalInterface
    private interface WindowKernel {
        void apply(double[] x, double[] out, int offset, int length, int window);
    }

    @FunctionalInterface
    private interface CrossSectionKernel {
        void apply(double[] in, double[] out, int n, CrossSectionKernels.RankScratch scratch);
    }

    @FunctionalInterface
    private interface RangeBody {
        void run(int from, int to);
    }
}
