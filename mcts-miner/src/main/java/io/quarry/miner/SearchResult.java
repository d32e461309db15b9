package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import java.util.List;

/**
 * What one search found, before the final selection ({@link Miner#select}).
 *
 * @param seed          the search's seed
 * @param shortlist     every formula that joined its training pool, then its best-rewarded others
 * @param evaluations   candidates it evaluated
 * @param proposals     formulas it proposed
 * @param searchTrainIc the training IC of the pool it built; NaN when empty
 * @param seconds       its wall time
 * @param notes         what it could not do as asked
 */
public record SearchResult(long seed, List<CheckedAlpha> shortlist, int evaluations, long proposals,
                           double searchTrainIc, double seconds, List<String> notes) {

    public SearchResult {
        shortlist = List.copyOf(shortlist);
        notes = List.copyOf(notes);
    }
}
