package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * One-step edits of a formula, as a researcher refines one, each drawn with equal chance: change a
 * single field, window, constant or operator (point), replace a subtree by a short random one
 * (graft), replace a subtree by one of its own (hoist), wrap a subtree in a unary or time-series
 * operator (wrap), or pair a subtree with a field by a binary or two-series operator (combine). Wrap
 * and combine between them reach every operator of the vocabulary. Every edit keeps the formula
 * within the search's length (one token per tree node) and the vocabulary's kinds: a time-series
 * operator gets a window it suits. The result may still fail the checker or the logic rubric; the
 * miner rejects it then.
 */
final class Edits {

    /** Length of the random subtrees an edit grafts in. */
    static final int GRAFT_LENGTH = 6;
    /** Edits drawn before giving up on one that changes the formula within the length. */
    static final int ATTEMPTS = 8;

    private final Vocabulary vocabulary;
    private final int maxLength;

    Edits(Vocabulary vocabulary, int maxLength) {
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
    }

    /** A random edit of {@code f} within the length limit, or {@code f} itself when none fits. */
    Expr edit(Expr f, SplittableRandom rng) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Expr e = switch (rng.nextInt(5)) {
                case 0 -> point(f, rng);
                case 1 -> graft(f, rng);
                case 2 -> hoist(f, rng);
                case 3 -> wrap(f, rng);
                default -> combine(f, rng);
            };
            if (!e.equals(f) && GeneticProgramming.size(e) <= maxLength) {
                return e;
            }
        }
        return f;
    }

    /** One node changed into another of its kind: field, window, constant or operator. */
    Expr point(Expr f, SplittableRandom rng) {
        List<int[]> paths = GeneticProgramming.paths(f, e -> true);
        int[] path = paths.get(rng.nextInt(paths.size()));
        Expr node = GeneticProgramming.at(f, path);
        Expr parent = path.length == 0 ? null : GeneticProgramming.at(f, Arrays.copyOf(path, path.length - 1));
        Expr changed;
        if (node instanceof Expr.Field field) {
            changed = new Expr.Field(other(Token.Kind.FIELD, field.name(), rng).name());
        } else if (node instanceof Expr.Num num) {
            boolean window = parent instanceof Expr.Call c && isTimeSeries(c.function())
                    && path[path.length - 1] == c.args().size() - 1;
            if (window) {
                int min = minWindow(((Expr.Call) parent).function());
                Token t = other(Token.Kind.WINDOW, null, rng, w -> w.number() >= min && w.number() != num.value());
                changed = t == null ? node : new Expr.Num(t.number());
            } else {
                Token t = other(Token.Kind.CONST, null, rng, c -> c.number() != num.value());
                changed = t == null ? node : new Expr.Num(t.number());
            }
        } else {
            changed = operator(node, rng);
        }
        return GeneticProgramming.replace(f, path, 0, changed);
    }

    private Expr operator(Expr node, SplittableRandom rng) {
        List<Expr> args = node.children();
        String name = node instanceof Expr.Call c ? c.function() : node instanceof Expr.Neg ? "neg" : "";
        if (node instanceof Expr.Binary || Vocabulary.BINARY.contains(name)) {
            String current = node instanceof Expr.Binary b ? b.op().symbol() : name;
            return other(Token.Kind.BINARY, current, rng).build(args);
        }
        if (Vocabulary.TS.contains(name) || Vocabulary.TS2.contains(name)) {
            Token.Kind kind = Vocabulary.TS.contains(name) ? Token.Kind.TS : Token.Kind.TS2;
            int window = (int) ((Expr.Num) args.get(args.size() - 1)).value();
            Token t = other(kind, name, rng, o -> o.minWindow() <= window);
            return t == null ? node : t.build(args);
        }
        if (Vocabulary.UNARY.contains(name)) {
            return other(Token.Kind.UNARY, name, rng).build(List.of(args.get(0)));
        }
        return node;
    }

    /** A series subtree replaced by a random formula of up to {@link #GRAFT_LENGTH} tokens. */
    Expr graft(Expr f, SplittableRandom rng) {
        List<int[]> paths = GeneticProgramming.seriesPaths(f);
        Expr graft = Policy.rollout(RpnState.empty(vocabulary, GRAFT_LENGTH), Policy.uniform(), rng).toExpr();
        return GeneticProgramming.replace(f, paths.get(rng.nextInt(paths.size())), 0, graft);
    }

    /**
     * A series subtree replaced by one of its own proper series subtrees (the formula itself when
     * no subtree has one).
     */
    Expr hoist(Expr f, SplittableRandom rng) {
        List<int[]> paths = GeneticProgramming.seriesPaths(f).stream()
                .filter(p -> GeneticProgramming.seriesPaths(GeneticProgramming.at(f, p)).size() > 1).toList();
        if (paths.isEmpty()) {
            return f;
        }
        int[] path = paths.get(rng.nextInt(paths.size()));
        Expr sub = GeneticProgramming.at(f, path);
        List<int[]> inner = GeneticProgramming.seriesPaths(sub);
        Expr kept = GeneticProgramming.at(sub, inner.get(1 + rng.nextInt(inner.size() - 1)));
        return GeneticProgramming.replace(f, path, 0, kept);
    }

    /** A series subtree wrapped in a random unary operator, or a time-series one with a window it suits. */
    Expr wrap(Expr f, SplittableRandom rng) {
        List<int[]> paths = GeneticProgramming.seriesPaths(f);
        int[] path = paths.get(rng.nextInt(paths.size()));
        Expr sub = GeneticProgramming.at(f, path);
        Expr wrapped;
        if (rng.nextBoolean()) {
            wrapped = other(Token.Kind.UNARY, null, rng).build(List.of(sub));
        } else {
            Token op = other(Token.Kind.TS, null, rng);
            Token w = other(Token.Kind.WINDOW, null, rng, t -> t.number() >= op.minWindow());
            if (w == null) {
                return f;
            }
            wrapped = op.build(List.of(sub, new Expr.Num(w.number())));
        }
        return GeneticProgramming.replace(f, path, 0, wrapped);
    }

    /** A series subtree paired with a field by a binary or two-series time-series operator, either side. */
    Expr combine(Expr f, SplittableRandom rng) {
        List<int[]> paths = GeneticProgramming.seriesPaths(f);
        int[] path = paths.get(rng.nextInt(paths.size()));
        Expr sub = GeneticProgramming.at(f, path);
        Expr field = new Expr.Field(other(Token.Kind.FIELD, null, rng).name());
        boolean first = rng.nextBoolean();
        Expr a = first ? sub : field;
        Expr b = first ? field : sub;
        Expr combined;
        if (rng.nextBoolean()) {
            combined = other(Token.Kind.BINARY, null, rng).build(List.of(a, b));
        } else {
            Token op = other(Token.Kind.TS2, null, rng);
            Token w = other(Token.Kind.WINDOW, null, rng, t -> t.number() >= op.minWindow());
            if (w == null) {
                return f;
            }
            combined = op.build(List.of(a, b, new Expr.Num(w.number())));
        }
        return GeneticProgramming.replace(f, path, 0, combined);
    }

    private static boolean isTimeSeries(String function) {
        return Vocabulary.TS.contains(function) || Vocabulary.TS2.contains(function);
    }

    private int minWindow(String function) {
        return vocabulary.tokens().stream().filter(t -> t.name().equals(function)).findFirst()
                .map(Token::minWindow).orElse(1);
    }

    /** A random token of the kind other than {@code current} (the kind's first when it has no other). */
    private Token other(Token.Kind kind, String current, SplittableRandom rng) {
        Token t = other(kind, current, rng, x -> true);
        return t == null ? vocabulary.tokens().stream().filter(x -> x.kind() == kind).findFirst().orElseThrow() : t;
    }

    /** A random token of the kind, other than {@code current}, passing {@code ok}; null if none. */
    private Token other(Token.Kind kind, String current, SplittableRandom rng, Predicate<Token> ok) {
        List<Token> options = vocabulary.tokens().stream()
                .filter(t -> t.kind() == kind && !t.name().equals(current) && ok.test(t)).toList();
        return options.isEmpty() ? null : options.get(rng.nextInt(options.size()));
    }
}
