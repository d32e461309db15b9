package io.quarry.connectors.kafka;

/**
 * One bar as it travels through the streaming job.
 *
 * @param time      canonical ISO-8601 timestamp text ({@code 2016-01-04} or {@code 2016-01-04T09:30:00})
 * @param eventTime the same instant in epoch milliseconds, taken as UTC
 * @param symbol    the symbol
 * @param fields    field names, lower case: {@code open high low close volume} when present, then extras
 * @param values    one value per field, NaN for a missing one; never written to after construction
 */
public record StreamBar(String time, long eventTime, String symbol, String[] fields, double[] values) {

    /** The value of a field, NaN when the bar lacks it. */
    public double value(String field) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(field)) {
                return values[i];
            }
        }
        return Double.NaN;
    }
}
