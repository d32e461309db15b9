package io.quarry.jobs.mine;

/**
 * What a search sends the pool keeper: a formula that joined its training pool (as it happens),
 * its progress (about once a second), then its pool's members in order, then that it is done with its
 * figures.
 *
 * @param kind        which of the four
 * @param search      the search's index
 * @param position    the formula's place in the search's pool (POOL)
 * @param definition  the formula's definition line, {@code alpha NAME = CANONICAL} (JOINED, POOL)
 * @param evaluations candidates evaluated so far (PROGRESS, DONE)
 * @param proposals   formulas proposed (DONE)
 * @param trainIc     its own pool's training IC (DONE)
 * @param seconds     its wall time so far (PROGRESS, DONE)
 * @param notes       its notes, one per line (DONE)
 */
public record Found(Kind kind, int search, int position, String definition, int evaluations, long proposals,
                    double trainIc, double seconds, String notes) {

    /** The four kinds of message. */
    public enum Kind { JOINED, PROGRESS, POOL, DONE }

    static Found joined(int search, String definition) {
        return new Found(Kind.JOINED, search, -1, definition, 0, 0, Double.NaN, 0, "");
    }

    static Found progress(int search, int evaluations, double seconds) {
        return new Found(Kind.PROGRESS, search, -1, "", evaluations, 0, Double.NaN, seconds, "");
    }

    static Found pooled(int search, int position, String definition) {
        return new Found(Kind.POOL, search, position, definition, 0, 0, Double.NaN, 0, "");
    }

    static Found done(int search, int evaluations, long proposals, double trainIc, double seconds, String notes) {
        return new Found(Kind.DONE, search, -1, "", evaluations, proposals, trainIc, seconds, notes);
    }
}
