package io.quarry.dsl.eval;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.Operator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incremental evaluator's merged graph: one node per distinct (derived-fields-expanded,
 * canonical) subtree, shared by every alpha that contains it, as in the batch evaluator. Nodes are
 * kept in dependency order and counted by their consumers (nodes and alphas), so removing an alpha
 * drops exactly the nodes no other alpha needs.
 */
final class StreamGraph {

    /** A node: its operation (with its per-symbol state) and its value at the current step. */
    static final class Node {
        final Expr expr;
        final Node[] inputs;
        final RowOp op;
        /**
         * No field and no group below: every symbol has the same value and the same past, so a new
         * symbol takes an existing symbol's past (as in a panel holding it from the first row).
         */
        final boolean symbolFree;
        /** Reused holder of the inputs' values, refreshed at each step (growth replaces them). */
        private final double[][] in;
        double[] value;
        int refs;

        private Node(Expr expr, Node[] inputs, RowOp op, boolean symbolFree, double[] value) {
            this.expr = expr;
            this.inputs = inputs;
            this.op = op;
            this.symbolFree = symbolFree;
            this.in = new double[inputs.length][];
            this.value = value;
        }
    }

    private final Map<Expr, Node> byExpr = new HashMap<>();
    private final List<Node> order = new ArrayList<>();
    /** {@link #order} as an array for the per-step loop; null after a change. */
    private Node[] steps;
    private int capacity;

    /** @param capacity room for this many symbols in every node */
    StreamGraph(int capacity) {
        this.capacity = capacity;
    }

    /** The node of a subtree, creating it (and its inputs first) when not yet in the graph. */
    Node plan(Expr e) {
        Node existing = byExpr.get(e);
        if (existing != null) {
            return existing;
        }
        List<Node> inputs = new ArrayList<>();
        boolean symbolFree = !(e instanceof Expr.Field);
        for (Expr child : e.children()) {
            if (BatchEvaluator.isSeries(e, child)) {
                Node input = plan(child);
                input.refs++;
                inputs.add(input);
                symbolFree &= input.symbolFree;
            }
        }
        RowOp op = operation(e);
        symbolFree &= !(op instanceof StreamOps.CrossSectional c && c.op() == Operator.INDNEUTRALIZE);
        op.grow(capacity);
        double[] value = new double[capacity];
        if (op instanceof StreamOps.Constant constant) {
            Arrays.fill(value, constant.value());
        }
        Node node = new Node(e, inputs.toArray(new Node[0]), op, symbolFree, value);
        byExpr.put(e, node);
        order.add(node);
        steps = null;
        return node;
    }

    private static RowOp operation(Expr e) {
        if (e instanceof Expr.Field f) {
            return new StreamOps.Field(f.name());
        }
        if (e instanceof Expr.Num n) {
            return new StreamOps.Constant(n.value());
        }
        if (e instanceof Expr.Neg) {
            return new StreamOps.Negate();
        }
        if (e instanceof Expr.Binary b) {
            return new StreamOps.Binary(b.op());
        }
        if (e instanceof Expr.Ternary) {
            return new StreamOps.Ternary();
        }
        Expr.Call c = (Expr.Call) e;
        Operator op = BatchEvaluator.operator(c);
        List<Expr> args = c.args();
        return switch (op.shape()) {
            case MAP1 -> new StreamOps.Map1(op);
            case MAP2 -> new StreamOps.Map2(op);
            case LAG, WINDOW, WINDOW2 -> StreamWindows.of(op, (int) ((Expr.Num) args.get(args.size() - 1)).value());
            case CROSS_SECTION -> op == Operator.RANK ? new StreamOps.Rank() : new StreamOps.CrossSectional(op, 0, null);
            case SCALE -> new StreamOps.CrossSectional(op, ((Expr.Num) args.get(1)).value(), null);
            case GROUP -> new StreamOps.CrossSectional(op, 0, ((Expr.GroupRef) args.get(1)).level());
        };
    }

    /** Counts one more consumer outside the graph (an alpha). */
    void retain(Node node) {
        node.refs++;
    }

    /** Drops one consumer; a node nobody consumes any more leaves the graph, releasing its inputs. */
    void release(Node node) {
        if (--node.refs > 0) {
            return;
        }
        byExpr.remove(node.expr);
        order.remove(node);
        steps = null;
        for (Node input : node.inputs) {
            release(input);
        }
    }

    /**
     * Computes every node, in dependency order, for the step at {@code row}. A constant's row is filled
     * when its node is made or grows (no operation writes to its inputs' rows), so its step does nothing.
     */
    void step(Universe universe, long row) {
        if (steps == null) {
            steps = order.toArray(new Node[0]);
        }
        for (Node node : steps) {
            Node[] inputs = node.inputs;
            for (int i = 0; i < inputs.length; i++) {
                node.in[i] = inputs[i].value;
            }
            node.op.step(node.in, node.value, universe, row);
        }
    }

    /** Makes room for more symbols. */
    void grow(int newCapacity) {
        if (newCapacity <= capacity) {
            return;
        }
        capacity = newCapacity;
        for (Node node : order) {
            int old = node.value.length;
            node.value = Arrays.copyOf(node.value, newCapacity);
            if (node.op instanceof StreamOps.Constant constant) {
                Arrays.fill(node.value, old, newCapacity, constant.value());
            }
            node.op.grow(newCapacity);
        }
    }

    /** Symbols {@code [from, to)} just appeared: the symbol-free nodes give them symbol 0's past. */
    void newSymbols(int from, int to) {
        if (from == 0) {
            return;
        }
        for (Node node : order) {
            if (node.symbolFree) {
                for (int s = from; s < to; s++) {
                    node.op.copySymbol(0, s);
                }
            }
        }
    }

    /**
     * Moves the nodes of {@code warm} (a graph of the same capacity, warmed up on past rows) into
     * this one, except those this graph already has: the existing node, which has seen the whole
     * stream, is kept. Returns the node standing for {@code warmRoot}.
     */
    Node adopt(StreamGraph warm, Node warmRoot) {
        if (warm.capacity != capacity) {
            throw new IllegalArgumentException("capacity " + warm.capacity + " differs from " + capacity);
        }
        Map<Node, Node> mapped = new IdentityHashMap<>();
        for (Node node : warm.order) {
            Node target = byExpr.get(node.expr);
            if (target == null) {
                Node[] inputs = new Node[node.inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = mapped.get(node.inputs[i]);
                    inputs[i].refs++;
                }
                target = new Node(node.expr, inputs, node.op, node.symbolFree, node.value);
                byExpr.put(node.expr, target);
                order.add(target);
                steps = null;
            }
            mapped.put(node, target);
        }
        return mapped.get(warmRoot);
    }

    /** A deep copy; {@code mapping} receives each node's copy. */
    StreamGraph copy(Map<Node, Node> mapping) {
        StreamGraph copy = new StreamGraph(capacity);
        for (Node node : order) {
            Node[] inputs = new Node[node.inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = mapping.get(node.inputs[i]);
            }
            Node c = new Node(node.expr, inputs, node.op.copy(), node.symbolFree, node.value.clone());
            c.refs = node.refs;
            copy.byExpr.put(node.expr, c);
            copy.order.add(c);
            mapping.put(node, c);
        }
        return copy;
    }

    /**
     * The nodes reachable from {@code roots}, inputs before consumers, in an order that depends only
     * on the roots' trees and order (not on the history of additions and removals): the order in
     * which a saved state lists its nodes.
     */
    static List<Node> canonicalOrder(List<Node> roots) {
        List<Node> out = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node root : roots) {
            visit(root, seen, out);
        }
        return out;
    }

    private static void visit(Node node, Set<Node> seen, List<Node> out) {
        if (!seen.add(node)) {
            return;
        }
        for (Node input : node.inputs) {
            visit(input, seen, out);
        }
        out.add(node);
    }

    int size() {
        return order.size();
    }

    /** Room for this many symbols in every node. */
    int capacity() {
        return capacity;
    }
}
