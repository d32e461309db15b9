package io.quarry.connectors;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Validates ISO-8601 timestamps and brings them to one canonical text, so that equal instants are
 * equal strings and string order is time order (what {@link io.quarry.dsl.panel.Panel} relies on).
 *
 * <p>Accepted: dates {@code yyyy-MM-dd}, and date-times {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]}
 * where a space may stand for the {@code T} (as pandas writes them). Canonical forms:
 * {@code yyyy-MM-dd}, and {@code yyyy-MM-ddTHH:mm:ss} with a fraction only when it is not zero, without
 * trailing zeros. No time zones or offsets.
 */
final class Timestamps {

    /** What the error messages say is expected. */
    static final String EXPECTED = "an ISO-8601 date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm[:ss[.fff]])";

    private Timestamps() {
    }

    /** The canonical text of a timestamp, or null when it is not a valid date or date-time. */
    static String canonical(String text) {
        if (text.length() < 10 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7)
                || text.charAt(7) != '-' || !digits(text, 8, 10)) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).toString();
            }
            char separator = text.charAt(10);
            if (separator != 'T' && separator != ' ') {
                return null;
            }
            String iso = separator == 'T' ? text : text.substring(0, 10) + 'T' + text.substring(11);
            return format(LocalDateTime.parse(iso));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The canonical text of a date-time. */
    static String format(LocalDateTime time) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
    }

    /** Whether a canonical timestamp is a date (not a date-time). */
    static boolean isDate(String canonical) {
        return canonical.length() == 10;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
