package io.quarry.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire formats of the streaming job's other topics, version 1, all JSON objects with {@code "v":1}
 * (bars: {@link BarJson}). Numbers are written exactly (shortest text that reads back to the same
 * double); NaN is null.
 *
 * <ul>
 *   <li>values (key = symbol): {@code {"v":1,"time":"2016-01-04","symbol":"AAPL","values":{"a1":0.5,"a2":null}}}
 *       — one record per cross-section, symbol and alpha group; the signal topic uses the same shape with
 *       the one value {@code "signal"}.</li>
 *   <li>live IC (key = alpha): {@code {"v":1,"time":"2016-01-05","alpha":"a1","ic":0.04,"liveIc":0.02,"window":20,"count":12}}
 *       — {@code ic}: Pearson correlation across symbols of the alpha at the previous cross-section with
 *       the return from there to {@code time}; {@code liveIc}: mean of the last {@code count} (at most
 *       {@code window}) such ICs.</li>
 *   <li>control (key = a source name): {@code {"v":1,"op":"add","source":"mine.alpha","text":"alpha a = rank(close)"}}
 *       or {@code {"v":1,"op":"remove","source":"cli","alphas":["a"]}}.</li>
 *   <li>status (key = the source): {@code {"v":1,"source":"mine.alpha","status":"accepted","alphas":["a"],"errors":[]}},
 *       status {@code accepted}, {@code rejected} (errors located as {@code file:line:col: message}) or
 *       {@code removed}.</li>
 *   <li>dead letters (key = the raw record's key): {@code {"v":1,"reason":"BAD_VALUE","message":"close -1.0 is not a positive price",
 *       "topic":"bars","partition":0,"offset":17,"raw":"{...}"}}.</li>
 * </ul>
 */
public final class StreamJson {

    /** One symbol's values of a group of alphas at one timestamp. */
    public record Values(String time, String symbol, String[] alphas, double[] values) {
    }

    /** A live IC record. */
    public record Ic(String time, String alpha, double ic, double liveIc, int window, int count) {
    }

    /** A control message: add the alphas of a {@code .alpha} text, or remove alphas by name. */
    public record Control(String op, String source, String text, List<String> alphas) {
        public static final String ADD = "add";
        public static final String REMOVE = "remove";

        public Control {
            alphas = List.copyOf(alphas);
        }
    }

    /** What became of a control message. */
    public record Status(String source, String status, List<String> alphas, List<String> errors) {
        public Status {
            alphas = List.copyOf(alphas);
            errors = List.copyOf(errors);
        }
    }

    /** A refused record and why. */
    public record DeadLetter(String reason, String message, String topic, int partition, long offset, String raw) {
    }

    private StreamJson() {
    }

    /** One values record; a writer of many keeps one {@link ValuesWriter}, which reuses the names' text. */
    public static byte[] values(Values v) {
        return new ValuesWriter().write(v.time(), v.symbol(), v.alphas(), v.values(), 0, 1);
    }

    /**
     * Writes values records, for a writer that sends many: the JSON text of the alpha names, of the
     * symbols and of the last timestamp is made once and reused, numbers go straight into one buffer.
     * The bytes are those a JSON generator writes for the record (compact, Jackson's escaping and its
     * shortest exact number text). The values' JSON is about a third of the streaming job's alpha
     * groups' time; through a generator per record it cost 175-180 ns per value, this way 125-135 ns
     * (25-value records). Not thread-safe: one per thread.
     */
    public static final class ValuesWriter {
        /** Symbols whose text is kept: more than a market has, so the map stays bounded on any input. */
        private static final int MAX_SYMBOLS = 1 << 16;
        private static final byte[] START = ascii("{\"v\":1,\"time\":");
        private static final byte[] SYMBOL = ascii(",\"symbol\":");
        private static final byte[] VALUES = ascii(",\"values\":{");
        private static final byte[] NULL = ascii("null");
        /** Slots of the number cache: a power of two, about 130 KB of table per writer. */
        private static final int NUMBER_SLOTS = 1 << 12;

        private final Map<String, byte[]> symbols = new HashMap<>();
        private String[] names;
        private byte[][] nameFields;
        private String time;
        private byte[] timeText;
        private byte[] buffer = new byte[1024];
        private int length;
        /**
         * The text of recently written numbers by their bits, one per slot (a newer number takes the
         * slot): in a 500-symbol cross-section of the WQ101 alphas 43% of the values repeat (ranks
         * take the values k/n), and a lookup costs less than the shortest decimal of a double. Slot i's
         * text is at {@code i * ShortestDecimal.MAX_LENGTH} in one array; length 0 marks an empty slot.
         */
        private final long[] numberBits = new long[NUMBER_SLOTS];
        private final byte[] numberTexts = new byte[NUMBER_SLOTS * ShortestDecimal.MAX_LENGTH];
        private final byte[] numberLengths = new byte[NUMBER_SLOTS];

        /**
         * One record: the values of {@code alphas[i]} are {@code values[from + i * stride]}.
         */
        public byte[] write(String time, String symbol, String[] alphas, double[] values, int from, int stride) {
            if (!time.equals(this.time)) {
                this.time = time;
                this.timeText = Json.string(time);
            }
            if (!Arrays.equals(alphas, names)) {
                byte[][] fields = new byte[alphas.length][];
                for (int i = 0; i < alphas.length; i++) {
                    byte[] text = Json.string(alphas[i]);
                    fields[i] = Arrays.copyOf(text, text.length + 1);
                    fields[i][text.length] = ':';
                }
                names = alphas.clone();
                nameFields = fields;
            }
            byte[] symbolText = symbols.get(symbol);
            if (symbolText == null) {
                symbolText = Json.string(symbol);
                if (symbols.size() < MAX_SYMBOLS) {
                    symbols.put(symbol, symbolText);
                }
            }
            length = 0;
            append(START);
            append(timeText);
            append(SYMBOL);
            append(symbolText);
            append(VALUES);
            for (int i = 0; i < alphas.length; i++) {
                if (i > 0) {
                    append((byte) ',');
                }
                append(nameFields[i]);
                double v = values[from + i * stride];
                if (Double.isFinite(v)) {
                    appendNumber(v);
                } else {
                    append(NULL);
                }
            }
            append((byte) '}');
            append((byte) '}');
            return Arrays.copyOf(buffer, length);
        }

        private void append(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        private void append(byte b) {
            ensure(1);
            buffer[length++] = b;
        }

        /** Appends the shortest decimal text of a finite double, as a JSON generator writes it. */
        private void appendNumber(double v) {
            long bits = Double.doubleToRawLongBits(v);
            int slot = (int) ((bits ^ (bits >>> 32)) * 0x9E3779B9L >>> 20) & (NUMBER_SLOTS - 1);
            int from = slot * ShortestDecimal.MAX_LENGTH;
            int n = numberLengths[slot];
            if (n == 0 || numberBits[slot] != bits) {
                n = ShortestDecimal.write(v, numberTexts, from) - from;
                numberLengths[slot] = (byte) n;
                numberBits[slot] = bits;
            }
            ensure(n);
            System.arraycopy(numberTexts, from, buffer, length, n);
            length += n;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
            }
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }

    public static Values values(byte[] record) {
        Map<String, Object> map = Json.parseObject(record);
        Json.version(map);
        if (!(map.get("values") instanceof Map<?, ?> values)) {
            throw new IllegalArgumentException("field 'values' is missing or not an object");
        }
        String[] names = new String[values.size()];
        double[] v = new double[values.size()];
        int i = 0;
        for (Map.Entry<?, ?> e : values.entrySet()) {
            names[i] = String.valueOf(e.getKey());
            v[i++] = e.getValue() instanceof Double d ? d : Double.NaN;
        }
        return new Values(Json.string(map, "time"), Json.string(map, "symbol"), names, v);
    }

    public static byte[] ic(Ic ic) {
        return Json.object(g -> {
            g.writeNumberField("v", 1);
            g.writeStringField("time", ic.time());
            g.writeStringField("alpha", ic.alpha());
            Json.number(g, "ic", ic.ic());
            Json.number(g, "liveIc", ic.liveIc());
            g.writeNumberField("window", ic.window());
            g.writeNumberField("count", ic.count());
        });
    }

    public static Ic ic(byte[] record) {
        Map<String, Object> map = Json.parseObject(record);
        Json.version(map);
        return new Ic(Json.string(map, "time"), Json.string(map, "alpha"), Json.number(map, "ic"),
                Json.number(map, "liveIc"), (int) Json.number(map, "window"), (int) Json.number(map, "count"));
    }

    public static byte[] control(Control c) {
        return Json.object(g -> {
            g.writeNumberField("v", 1);
            g.writeStringField("op", c.op());
            g.writeStringField("source", c.source());
            if (c.text() != null) {
                g.writeStringField("text", c.text());
            }
            if (!c.alphas().isEmpty()) {
                g.writeArrayFieldStart("alphas");
                for (String a : c.alphas()) {
                    g.writeString(a);
                }
                g.writeEndArray();
            }
        });
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the message
     */
    public static Control control(byte[] record) {
        Map<String, Object> map = Json.parseObject(record);
        Json.version(map);
        String op = Json.string(map, "op");
        String source = map.get("source") instanceof String s ? s : "control";
        return switch (op) {
            case Control.ADD -> new Control(op, source, Json.string(map, "text"), List.of());
            case Control.REMOVE -> new Control(op, source, null, strings(map, "alphas"));
            default -> throw new IllegalArgumentException("unknown op '" + op + "' (add or remove)");
        };
    }

    public static byte[] status(Status s) {
        return Json.object(g -> {
            g.writeNumberField("v", 1);
            g.writeStringField("source", s.source());
            g.writeStringField("status", s.status());
            g.writeArrayFieldStart("alphas");
            for (String a : s.alphas()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("errors");
            for (String e : s.errors()) {
                g.writeString(e);
            }
            g.writeEndArray();
        });
    }

    public static Status status(byte[] record) {
        Map<String, Object> map = Json.parseObject(record);
        Json.version(map);
        return new Status(Json.string(map, "source"), Json.string(map, "status"), strings(map, "alphas"),
                strings(map, "errors"));
    }

    public static byte[] deadLetter(DeadLetter d) {
        return Json.object(g -> {
            g.writeNumberField("v", 1);
            g.writeStringField("reason", d.reason());
            g.writeStringField("message", d.message());
            g.writeStringField("topic", d.topic());
            g.writeNumberField("partition", d.partition());
            g.writeNumberField("offset", d.offset());
            g.writeStringField("raw", d.raw());
        });
    }

    public static DeadLetter deadLetter(byte[] record) {
        Map<String, Object> map = Json.parseObject(record);
        Json.version(map);
        return new DeadLetter(Json.string(map, "reason"), Json.string(map, "message"), Json.string(map, "topic"),
                (int) Json.number(map, "partition"), (long) Json.number(map, "offset"), Json.string(map, "raw"));
    }

    private static List<String> strings(Map<String, Object> map, String name) {
        if (!(map.get(name) instanceof List<?> list)) {
            throw new IllegalArgumentException("field '" + name + "' is missing or not a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("field '" + name + "' holds a non-string: " + o);
            }
            out.add(s);
        }
        return out;
    }
}
