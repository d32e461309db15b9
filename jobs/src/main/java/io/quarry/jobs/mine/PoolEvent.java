package io.quarry.jobs.mine;

import java.util.List;

/**
 * What the pool keeper tells the client: the global pool changed, or the job's final result.
 *
 * @param kind     CHANGED or RESULT
 * @param line     CHANGED: a one-line description of the change
 * @param alphaFile RESULT: the mined pool as a {@code .alpha} file
 * @param json     RESULT: the run's JSON summary
 * @param summary  RESULT: its one-line text summary
 * @param notes    RESULT: the run's notes (how searches ended early, ...), one per line
 */
public record PoolEvent(Kind kind, String line, String alphaFile, String json, String summary, String notes) {

    /** The two kinds of event. */
    public enum Kind { CHANGED, RESULT }

    static PoolEvent changed(String line) {
        return new PoolEvent(Kind.CHANGED, line, "", "", "", "");
    }

    static PoolEvent result(String alphaFile, String json, String summary, List<String> notes) {
        return new PoolEvent(Kind.RESULT, "", alphaFile, json, summary, String.join("\n", notes));
    }

    /** RESULT: the run's notes. */
    public List<String> noteLines() {
        return notes.isEmpty() ? List.of() : List.of(notes.split("\n"));
    }
}
