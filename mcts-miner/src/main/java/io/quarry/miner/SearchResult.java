package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import java.util.List;

/**
 * What one search found, before the final selection ({@link Miner#select}).
 *
 * @param seed          the search's seed
 * @param pool          the members of the training pool it built, in the order they joined it
 * @param evaluations   candidates it evaluated
 * @param proposals     formulas it proposed
 * @param searchTrainIc the training IC of the pool it built; NaN when empty
 * @param seconds       its wall time
 * @param notes         what it could not do as asked
 */
public record SearchResult(long seed, List<CheckedAlpha> pool, int evaluations, long proposals,
                           double searchTrainIc, double seconds, List<String> notes) {

    public SearchResult {
        pool = List.copyOf(pool);
        notes = List.copyOf(notes);
    }
}
