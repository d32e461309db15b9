package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import java.util.List;

/**
 * A search method as the miner drives it: it proposes formulas in batches and learns each batch's
 * rewards, in the same order, before the next. Everything else (checking, de-duplication,
 * evaluation, the pool, the budget) is the miner's, the same for every method.
 */
interface Proposer {

    /** The next {@code n} formulas (not yet checked). */
    List<Expr> propose(int n);

    /** The rewards of the last proposals, in their order. */
    void learn(double[] rewards);
}
