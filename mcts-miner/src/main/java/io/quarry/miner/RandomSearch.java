package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The random baseline: each formula drawn token by token from the uniform policy over legal moves. */
final class RandomSearch implements Proposer {

    private final SearchSpace space;
    private final SplittableRandom rng;

    RandomSearch(SearchSpace space, long seed) {
        this.space = space;
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public List<Expr> propose(int n) {
        List<Expr> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Policy.rollout(space.start(), Policy.uniform(), rng).toExpr());
        }
        return out;
    }

    @Override
    public void learn(double[] rewards) {
        // Random search does not learn.
    }
}
