package io.quarry.connectors.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bars topic's wire format, version 1: one JSON object per bar, key = the symbol (UTF-8).
 *
 * <pre>{"v":1,"time":"2016-01-04","symbol":"AAPL","open":102.61,"high":105.37,"low":102.0,
 *  "close":105.35,"volume":67649387,"fields":{"cap":5.8e11}}</pre>
 *
 * <ul>
 *   <li>{@code v} (1), {@code time} (ISO-8601 date, or date-time taken as UTC), {@code symbol} and
 *       {@code close} are required; {@code open high low volume} are optional, null or absent is NaN;
 *       {@code fields} holds any other numeric fields (lower-case names).</li>
 *   <li>Refused: anything else at the top level, a price (open, high, low, close) at or below zero, a
 *       negative volume, a NaN or absent close.</li>
 * </ul>
 */
public final class BarJson {

    static final List<String> STANDARD = List.of("open", "high", "low", "close", "volume");
    private static final int CLOSE = STANDARD.indexOf("close");
    private static final byte[] VERSION_1 = ascii("{\"v\":1");
    private static final byte[] TIME = ascii(",\"time\":");
    private static final byte[] SYMBOL = ascii(",\"symbol\":");
    private static final byte[] FIELDS = ascii(",\"fields\":{");
    private static final byte[] NULL = ascii("null");
    /**
     * For each set of standard fields (bit i for {@code STANDARD.get(i)}), their names in order: one
     * array shared by every bar with those fields (bars never write to theirs).
     */
    private static final String[][] FIELDS_PRESENT = new String[1 << STANDARD.size()][];

    static {
        for (int set = 0; set < FIELDS_PRESENT.length; set++) {
            List<String> names = new ArrayList<>();
            for (int f = 0; f < STANDARD.size(); f++) {
                if ((set & 1 << f) != 0) {
                    names.add(STANDARD.get(f));
                }
            }
            FIELDS_PRESENT[set] = names.toArray(String[]::new);
        }
    }
    private static final Set<String> KNOWN = Set.of("v", "time", "symbol", "open", "high", "low", "close", "volume", "fields");

    private BarJson() {
    }

    /**
     * The record of one bar; NaN fields are written as null. The bytes are those a JSON generator writes
     * (compact, its escaping, its shortest exact number text), written directly: the replay writes one
     * record per bar.
     */
    public static byte[] encode(String time, String symbol, String[] fields, double[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + time.length() + symbol.length() + 32 * fields.length);
        byte[] number = new byte[ShortestDecimal.MAX_LENGTH];
        out.writeBytes(VERSION_1);
        out.writeBytes(TIME);
        out.writeBytes(Json.string(time));
        out.writeBytes(SYMBOL);
        out.writeBytes(Json.string(symbol));
        for (int i = 0; i < fields.length; i++) {
            if (STANDARD.contains(fields[i])) {
                out.write(',');
                member(out, fields[i], values[i], number);
            }
        }
        boolean extras = false;
        for (int i = 0; i < fields.length; i++) {
            if (!STANDARD.contains(fields[i])) {
                if (extras) {
                    out.write(',');
                } else {
                    out.writeBytes(FIELDS);
                    extras = true;
                }
                member(out, fields[i], values[i], number);
            }
        }
        if (extras) {
            out.write('}');
        }
        out.write('}');
        return out.toByteArray();
    }

    /** {@code "name":value}, with null for a value that is not finite. */
    private static void member(ByteArrayOutputStream out, String name, double value, byte[] number) {
        out.writeBytes(Json.string(name));
        out.write(':');
        if (Double.isFinite(value)) {
            out.write(number, 0, ShortestDecimal.write(value, number, 0));
        } else {
            out.writeBytes(NULL);
        }
    }

    /**
     * Reads and validates one bar.
     *
     * @throws RejectedRecord saying what is wrong, naming the field
     */
    public static StreamBar decode(byte[] record) throws RejectedRecord {
        StreamBar plain = decodePlain(record);
        return plain != null ? plain : decodeAny(record);
    }

    /**
     * The bar of a plain record, read token by token: only the standard fields, numbers or null, a date
     * ({@code yyyy-MM-dd}), each key once, nothing after the object. Null for anything else, which
     * {@link #decodeAny} reads (or refuses, with the message that names what is wrong): the two agree on
     * every record ({@code BarJsonPlainPropertyTest}). Most records are plain, and this costs about
     * half as much as reading the record into a map first.
     */
    static StreamBar decodePlain(byte[] record) throws RejectedRecord {
        double[] standard = new double[STANDARD.size()];
        int present = 0;
        String time = null;
        String symbol = null;
        boolean version = false;
        try (JsonParser p = Json.parser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                boolean number = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
                int field = STANDARD.indexOf(name);
                if (field >= 0 && (number || value == JsonToken.VALUE_NULL)) {
                    standard[field] = number ? p.getDoubleValue() : Double.NaN;
                    present |= 1 << field;
                } else if (name.equals("time") && value == JsonToken.VALUE_STRING) {
                    time = p.getText();
                } else if (name.equals("symbol") && value == JsonToken.VALUE_STRING) {
                    symbol = p.getText();
                } else if (name.equals("v") && number && p.getDoubleValue() == 1) {
                    version = true;
                } else {
                    return null;
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if (!version || time == null || symbol == null || symbol.isEmpty() || (present & 1 << CLOSE) == 0) {
            return null;
        }
        long eventTime = dateEventTime(time);
        if (eventTime == Long.MIN_VALUE) {
            return null;
        }
        String[] names = FIELDS_PRESENT[present];
        double[] values = new double[names.length];
        for (int f = 0, i = 0; f < standard.length; f++) {
            if ((present & 1 << f) != 0) {
                values[i++] = standard[f];
            }
        }
        checkValues(names, values);
        return new StreamBar(time, eventTime, symbol, names, values);
    }

    /**
     * The set of standard fields (bit i for {@code open high low close volume}, in that order) that
     * {@code fields} names, in that order and nothing else; -1 for any other list of fields.
     */
    public static int standardFieldSet(String[] fields) {
        int set = 0;
        int next = 0;
        for (String field : fields) {
            int f = STANDARD.indexOf(field);
            if (f < next) {
                return -1;
            }
            set |= 1 << f;
            next = f + 1;
        }
        return set;
    }

    /**
     * The field names of a {@link #standardFieldSet}: one array shared by every bar with those fields,
     * which must never be written to (bars never write to theirs).
     */
    public static String[] standardFields(int set) {
        return FIELDS_PRESENT[set];
    }

    /** Epoch milliseconds of a {@code yyyy-MM-dd} date, or Long.MIN_VALUE for any other text. */
    private static long dateEventTime(String time) {
        if (time.length() != 10 || time.charAt(4) != '-' || time.charAt(7) != '-') {
            return Long.MIN_VALUE;
        }
        int year = digits(time, 0, 4);
        int month = digits(time, 5, 7);
        int day = digits(time, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400_000L;
    }

    /** The decimal number of {@code text[from, to)}, or -1 when it holds anything but ASCII digits. */
    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = 10 * n + (c - '0');
        }
        return n;
    }

    /** Reads any record through a map of its JSON, and says what is wrong with a refused one. */
    static StreamBar decodeAny(byte[] record) throws RejectedRecord {
        Map<String, Object> map;
        try {
            map = Json.parseObject(record);
        } catch (IllegalArgumentException e) {
            throw new RejectedRecord(RejectedRecord.Reason.UNPARSEABLE, "not a bar object: " + e.getMessage());
        }
        for (String key : map.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new RejectedRecord(RejectedRecord.Reason.UNKNOWN_FIELD, "unknown field '" + key
                        + "' (known: v, time, symbol, open, high, low, close, volume, fields)");
            }
        }
        if (!map.containsKey("v")) {
            throw new RejectedRecord(RejectedRecord.Reason.MISSING_FIELD, "missing field 'v' (the format version, 1)");
        }
        try {
            Json.version(map);
            for (String required : List.of("time", "symbol", "close")) {
                if (!map.containsKey(required)) {
                    throw new RejectedRecord(RejectedRecord.Reason.MISSING_FIELD, "missing field '" + required + "'");
                }
            }
            String time = Json.string(map, "time");
            String symbol = Json.string(map, "symbol");
            if (symbol.isEmpty()) {
                throw new RejectedRecord(RejectedRecord.Reason.MISSING_FIELD, "empty symbol");
            }
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (String f : STANDARD) {
                if (map.containsKey(f)) {
                    names.add(f);
                    values.add(Json.number(map, f));
                }
            }
            if (map.get("fields") instanceof Map<?, ?> extras) {
                for (Map.Entry<?, ?> e : extras.entrySet()) {
                    String name = String.valueOf(e.getKey());
                    if (KNOWN.contains(name) || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                        throw new RejectedRecord(RejectedRecord.Reason.UNKNOWN_FIELD, "fields." + name
                                + ": extra field names are lower case and not a standard field");
                    }
                    names.add(name);
                    values.add(Json.number(castMap(extras), name));
                }
            } else if (map.containsKey("fields")) {
                throw new RejectedRecord(RejectedRecord.Reason.UNPARSEABLE, "field 'fields' is not an object");
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            String[] n = names.toArray(String[]::new);
            checkValues(n, v);
            long eventTime = eventTime(time);
            return new StreamBar(canonicalTime(time), eventTime, symbol, n, v);
        } catch (IllegalArgumentException e) {
            throw new RejectedRecord(RejectedRecord.Reason.UNPARSEABLE, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static void checkValues(String[] names, double[] values) throws RejectedRecord {
        for (int i = 0; i < names.length; i++) {
            String f = names[i];
            double x = values[i];
            if (f.equals("close") && Double.isNaN(x)) {
                throw new RejectedRecord(RejectedRecord.Reason.BAD_VALUE, "close is NaN (null)");
            }
            boolean price = f.equals("open") || f.equals("high") || f.equals("low") || f.equals("close");
            if (price && x <= 0) {
                throw new RejectedRecord(RejectedRecord.Reason.BAD_VALUE, f + " " + x + " is not a positive price");
            }
            if (f.equals("volume") && x < 0) {
                throw new RejectedRecord(RejectedRecord.Reason.BAD_VALUE, "volume " + x + " is negative");
            }
        }
    }

    /** Epoch milliseconds of an ISO-8601 date (midnight) or date-time, taken as UTC. */
    public static long eventTime(String time) {
        try {
            if (time.length() == 10) {
                return LocalDate.parse(time).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return LocalDateTime.parse(time.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + time + "' is not an ISO-8601 date (yyyy-MM-dd) or date-time");
        }
    }

    /** The timestamp as the batch side writes it: dates as is, date-times as {@code yyyy-MM-ddTHH:mm:ss[.f]}. */
    private static String canonicalTime(String time) {
        if (time.length() == 10) {
            return time;
        }
        return java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.parse(time.replace(' ', 'T')));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The UTF-8 text of a raw record, for dead letters. */
    public static String text(byte[] record) {
        return record == null ? "" : new String(record, StandardCharsets.UTF_8);
    }
}
