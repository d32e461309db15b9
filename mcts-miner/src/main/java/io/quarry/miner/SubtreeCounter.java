package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frequent-subtree avoidance (after Alpha Jungle): how many pool members contain each operator
 * subtree, and the penalty for a candidate built from subtrees the pool already over-uses. A
 * subtree counts once per member however often the member repeats it; leaves (fields, numbers)
 * are not subtrees here.
 *
 * <p>Penalty of a candidate: {@code weight * sum over its distinct subtrees s of max(0, share(s) - threshold)},
 * where {@code share(s)} is the fraction of pool members containing s.
 */
final class SubtreeCounter {

    private final Map<Expr, Integer> counts = new HashMap<>();
    private final int members;

    SubtreeCounter(List<Expr> memberTrees) {
        this.members = memberTrees.size();
        for (Expr tree : memberTrees) {
            for (Expr s : subtrees(tree)) {
                counts.merge(s, 1, Integer::sum);
            }
        }
    }

    /** The distinct operator subtrees of a tree, the tree itself included, in pre-order. */
    static Set<Expr> subtrees(Expr tree) {
        Set<Expr> out = new LinkedHashSet<>();
        collect(tree, out);
        return out;
    }

    private static void collect(Expr e, Set<Expr> out) {
        if (e.children().isEmpty()) {
            return;
        }
        out.add(e);
        for (Expr child : e.children()) {
            collect(child, out);
        }
    }

    /** Members containing the subtree. */
    int count(Expr subtree) {
        return counts.getOrDefault(subtree, 0);
    }

    double penalty(Expr candidate, double threshold, double weight) {
        if (members == 0) {
            return 0;
        }
        double excess = 0;
        for (Expr s : subtrees(candidate)) {
            excess += Math.max(0, (double) count(s) / members - threshold);
        }
        return weight * excess;
    }
}
