package io.quarry.evaluator;

/** JSON text for the little JSON Quarry prints: strings escaped, non-finite numbers as null. */
public final class JsonText {

    private JsonText() {
    }

    /** A finite number as Java prints it, else {@code null}. */
    public static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** The string quoted, with quotes, backslashes and control characters escaped. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
