package io.quarry.evaluator;

import java.util.List;
import java.util.Map;

/** A small indenting JSON writer: strings escaped, non-finite numbers as null. */
final class Json {

    private final StringBuilder out = new StringBuilder();
    private int depth;
    private boolean first = true;

    Json open(String key, char bracket) {
        key(key);
        out.append(bracket);
        depth++;
        first = true;
        return this;
    }

    Json close(char bracket) {
        depth--;
        if (!first) {
            newline();
        }
        out.append(bracket);
        first = false;
        return this;
    }

    Json string(String key, String value) {
        key(key);
        out.append(value == null ? "null" : JsonText.quote(value));
        return this;
    }

    Json number(String key, double value) {
        key(key);
        out.append(JsonText.number(value));
        return this;
    }

    Json integer(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    Json strings(String key, List<String> values) {
        key(key);
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(JsonText.quote(values.get(i)));
        }
        out.append(']');
        return this;
    }

    Json numbers(String key, Map<String, Double> values) {
        open(key, '{');
        values.forEach(this::number);
        return close('}');
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Starts a value: a comma after a sibling, a new line, the key when in an object. */
    private void key(String key) {
        if (!first) {
            out.append(',');
        }
        if (depth > 0) {
            newline();
        }
        first = false;
        if (key != null) {
            out.append(JsonText.quote(key)).append(": ");
        }
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(depth));
    }
}
