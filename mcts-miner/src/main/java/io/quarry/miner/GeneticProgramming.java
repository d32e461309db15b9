package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The genetic-programming baseline, with gplearn's defaults: a population of 1000 random formulas;
 * each next generation bred by tournaments of 20 (best fitness wins, ties to the earlier), then
 * crossover with probability 0.9 (a random subtree of the winner replaced by a random subtree of a
 * second winner), subtree, hoist and point mutation with 0.01 each, else a copy. Fitness is the
 * miner's reward. Offspring over {@value #MAX_SIZE} nodes are replaced by their parent, as
 * gplearn keeps bloat down with its parsimony pressure.
 */
final class GeneticProgramming implements Proposer {

    static final int POPULATION = 1000;
    static final int TOURNAMENT = 20;
    static final double CROSSOVER = 0.9;
    static final double SUBTREE_MUTATION = 0.01;
    static final double HOIST_MUTATION = 0.01;
    static final double POINT_MUTATION = 0.01;
    /** Chance that each node changes in a point mutation (gplearn's point_replace). */
    static final double POINT_REPLACE = 0.05;
    static final int MAX_SIZE = 30;

    private final SearchSpace space;
    private final SplittableRandom rng;
    private final Vocabulary vocabulary;
    private List<Expr> population = new ArrayList<>();
    private double[] fitness = new double[0];
    private int next;
    private int learned;

    GeneticProgramming(SearchSpace space, long seed) {
        this.space = space;
        this.vocabulary = space.vocabulary();
        this.rng = new SplittableRandom(seed);
        for (int i = 0; i < POPULATION; i++) {
            population.add(randomTree());
        }
        fitness = new double[POPULATION];
    }

    @Override
    public List<Expr> propose(int n) {
        if (next >= population.size()) {
            breed();
        }
        int end = Math.min(population.size(), next + n);
        List<Expr> out = new ArrayList<>(population.subList(next, end));
        next = end;
        return out;
    }

    @Override
    public void learn(double[] rewards) {
        System.arraycopy(rewards, 0, fitness, learned, rewards.length);
        learned += rewards.length;
    }

    private void breed() {
        List<Expr> children = new ArrayList<>(POPULATION);
        for (int i = 0; i < POPULATION; i++) {
            Expr parent = population.get(tournament());
            double r = rng.nextDouble();
            Expr child;
            if (r < CROSSOVER) {
                child = crossover(parent, population.get(tournament()));
            } else if (r < CROSSOVER + SUBTREE_MUTATION) {
                child = crossover(parent, randomTree());
            } else if (r < CROSSOVER + SUBTREE_MUTATION + HOIST_MUTATION) {
                child = hoist(parent);
            } else if (r < CROSSOVER + SUBTREE_MUTATION + HOIST_MUTATION + POINT_MUTATION) {
                child = pointMutation(parent);
            } else {
                child = parent;
            }
            children.add(size(child) > MAX_SIZE ? parent : child);
        }
        population = children;
        fitness = new double[POPULATION];
        next = 0;
        learned = 0;
    }

    private int tournament() {
        int best = -1;
        for (int k = 0; k < TOURNAMENT; k++) {
            int i = rng.nextInt(population.size());
            if (best < 0 || fitness[i] > fitness[best] || fitness[i] == fitness[best] && i < best) {
                best = i;
            }
        }
        return best;
    }

    private Expr randomTree() {
        return Policy.rollout(space.start(), Policy.uniform(), rng).toExpr();
    }

    /** The winner with one of its series subtrees replaced by one of the donor's. */
    Expr crossover(Expr winner, Expr donor) {
        List<int[]> targets = seriesPaths(winner);
        List<int[]> sources = seriesPaths(donor);
        Expr graft = at(donor, sources.get(rng.nextInt(sources.size())));
        return replace(winner, targets.get(rng.nextInt(targets.size())), 0, graft);
    }

    /** A random subtree of the formula replaced by a random subtree of itself. */
    Expr hoist(Expr winner) {
        List<int[]> paths = seriesPaths(winner);
        int[] path = paths.get(rng.nextInt(paths.size()));
        Expr sub = at(winner, path);
        List<int[]> inner = seriesPaths(sub);
        return replace(winner, path, 0, at(sub, inner.get(rng.nextInt(inner.size()))));
    }

    /**
     * Each operator or field changes with probability {@link #POINT_REPLACE} into another of the
     * same kind and arity (a time-series operator into one that suits its window).
     */
    Expr pointMutation(Expr e) {
        List<Expr> children = new ArrayList<>();
        for (Expr child : e.children()) {
            children.add(child instanceof Expr.Num || child instanceof Expr.GroupRef ? child : pointMutation(child));
        }
        Expr node = e.withChildren(children);
        if (rng.nextDouble() >= POINT_REPLACE) {
            return node;
        }
        String name = node instanceof Expr.Call c ? c.function() : node instanceof Expr.Neg ? "neg" : "";
        List<Expr> args = node.children();
        if (node instanceof Expr.Field) {
            return new Expr.Field(pick(Token.Kind.FIELD, 0).name());
        } else if (Vocabulary.TS.contains(name) || Vocabulary.TS2.contains(name)) {
            int window = (int) ((Expr.Num) args.get(args.size() - 1)).value();
            return pick(Vocabulary.TS.contains(name) ? Token.Kind.TS : Token.Kind.TS2, window).build(args);
        } else if (Vocabulary.UNARY.contains(name) || name.equals("indneutralize")) {
            return pick(Token.Kind.UNARY, 0).build(List.of(args.get(0)));
        } else if (node instanceof Expr.Binary || Vocabulary.BINARY.contains(name)) {
            return pick(Token.Kind.BINARY, 0).build(args);
        }
        return node;
    }

    /** A random token of a kind (for time-series operators, one that suits the window). */
    private Token pick(Token.Kind kind, int window) {
        List<Token> options = vocabulary.tokens().stream().filter(t -> t.kind() == kind
                && (kind != Token.Kind.TS && kind != Token.Kind.TS2 || t.minWindow() <= window)).toList();
        return options.get(rng.nextInt(options.size()));
    }

    /** Paths (child indices from the root) to the subtrees that are series: not numbers or group names. */
    static List<int[]> seriesPaths(Expr root) {
        return paths(root, e -> !(e instanceof Expr.Num));
    }

    /** The paths of the nodes that pass {@code keep}, parents before children; group names are never a node. */
    static List<int[]> paths(Expr root, Predicate<Expr> keep) {
        List<int[]> out = new ArrayList<>();
        collect(root, new int[0], keep, out);
        return out;
    }

    private static void collect(Expr e, int[] path, Predicate<Expr> keep, List<int[]> out) {
        if (e instanceof Expr.GroupRef) {
            return;
        }
        if (keep.test(e)) {
            out.add(path);
        }
        for (int i = 0; i < e.children().size(); i++) {
            int[] p = Arrays.copyOf(path, path.length + 1);
            p[path.length] = i;
            collect(e.children().get(i), p, keep, out);
        }
    }

    static Expr at(Expr root, int[] path) {
        Expr e = root;
        for (int i : path) {
            e = e.children().get(i);
        }
        return e;
    }

    static Expr replace(Expr root, int[] path, int depth, Expr graft) {
        if (depth == path.length) {
            return graft;
        }
        List<Expr> children = new ArrayList<>(root.children());
        children.set(path[depth], replace(children.get(path[depth]), path, depth + 1, graft));
        return root.withChildren(children);
    }

    static int size(Expr e) {
        int n = 1;
        for (Expr c : e.children()) {
            n += size(c);
        }
        return n;
    }
}
