package io.quarry.connectors.kafka;

/** A record that cannot enter the job; it goes to the dead-letter topic with this reason. */
public final class RejectedRecord extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a record was refused; the name is what the dead-letter record and the metrics show. */
    public enum Reason {
        /** Not JSON, not an object, a field of the wrong type, or a format version this does not read. */
        UNPARSEABLE,
        /** A field the format does not define (a typo would otherwise silently drop data). */
        UNKNOWN_FIELD,
        /** A required field is absent. */
        MISSING_FIELD,
        /** A price at or below zero, a negative volume, or a close that is NaN or absent. */
        BAD_VALUE,
        /** The bar's cross-section was already evaluated (later than the allowed lateness). */
        LATE
    }

    private final Reason reason;

    public RejectedRecord(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
