package io.quarry.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
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
    private static final Set<String> KNOWN = Set.of("v", "time", "symbol", "open", "high", "low", "close", "volume", "fields");

    private BarJson() {
    }

    /** The record of one bar; NaN fields are written as null. */
    public static byte[] encode(String time, String symbol, String[] fields, double[] values) {
        return Json.object(g -> {
            g.writeNumberField("v", 1);
            g.writeStringField("time", time);
            g.writeStringField("symbol", symbol);
            for (int i = 0; i < fields.length; i++) {
                if (STANDARD.contains(fields[i])) {
                    Json.number(g, fields[i], values[i]);
                }
            }
            boolean extras = false;
            for (int i = 0; i < fields.length; i++) {
                if (!STANDARD.contains(fields[i])) {
                    if (!extras) {
                        g.writeObjectFieldStart("fields");
                        extras = true;
                    }
                    Json.number(g, fields[i], values[i]);
                }
            }
            if (extras) {
                g.writeEndObject();
            }
        });
    }

    /**
     * Reads and validates one bar.
     *
     * @throws RejectedRecord saying what is wrong, naming the field
     */
    public static StreamBar decode(byte[] record) throws RejectedRecord {
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

    /** The UTF-8 text of a raw record, for dead letters. */
    public static String text(byte[] record) {
        return record == null ? "" : new String(record, StandardCharsets.UTF_8);
    }
}
