package io.quarry.jobs.cli;

import java.util.List;

/**
 * The rows of a calendar between {@code --from} and {@code --to}, both inclusive. A bound given as a
 * date covers the whole day when the calendar holds date-times.
 *
 * @param from first row
 * @param to   row after the last
 */
record RowRange(int from, int to) {

    static RowRange of(List<String> timestamps, String from, String to) {
        int first = 0;
        while (first < timestamps.size() && from != null && compare(timestamps.get(first), from) < 0) {
            first++;
        }
        int end = timestamps.size();
        while (end > first && to != null && compare(timestamps.get(end - 1), to) > 0) {
            end--;
        }
        if (first >= end) {
            throw CliFailure.badInput("no data between " + (from == null ? "the start" : from) + " and "
                    + (to == null ? "the end" : to) + ": the data covers "
                    + (timestamps.isEmpty() ? "nothing" : timestamps.get(0) + " .. " + timestamps.get(timestamps.size() - 1)));
        }
        return new RowRange(first, end);
    }

    /** Compares a timestamp with a bound on the bound's precision (a date bound ignores the time). */
    private static int compare(String timestamp, String bound) {
        String t = timestamp.length() > bound.length() ? timestamp.substring(0, bound.length()) : timestamp;
        return t.compareTo(bound);
    }

    int size() {
        return to - from;
    }
}
