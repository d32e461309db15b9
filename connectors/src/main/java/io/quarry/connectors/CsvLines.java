package io.quarry.connectors;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a CSV byte stream into lines and fields without creating objects per line: the fields of the
 * current line are byte ranges of {@link #buffer()}.
 *
 * <p>Lines end with {@code \n} or {@code \r\n}; blank lines are skipped (their numbers still count); a
 * UTF-8 byte order mark before the header is dropped. A field may be quoted RFC 4180 style
 * ({@code "a,b"}, {@code "say ""hi"""}); it is unquoted in place. A quoted field cannot span lines.
 */
final class CsvLines implements Closeable {

    private static final int BUFFER_SIZE = 1 << 20;

    private final InputStream in;
    private byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;

    private int fieldCount;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private String lineError;

    CsvLines(InputStream in) {
        this.in = in;
    }

    /**
     * Moves to the next non-blank line.
     *
     * @return false at the end of the input
     */
    boolean next() throws IOException {
        while (true) {
            int lineStart = pos;
            int nl = indexOfNewline(lineStart);
            while (nl < 0) {
                if (eof) {
                    if (lineStart == limit) {
                        return false;
                    }
                    nl = limit; // last line without a newline
                    break;
                }
                int scanned = limit - lineStart;
                lineStart = fill(lineStart);
                nl = indexOfNewline(lineStart + scanned);
            }
            lineNumber++;
            pos = Math.min(nl + 1, limit);
            int end = nl;
            if (end > lineStart && buf[end - 1] == '\r') {
                end--;
            }
            if (lineNumber == 1 && end - lineStart >= 3 && (buf[lineStart] & 0xff) == 0xef
                    && (buf[lineStart + 1] & 0xff) == 0xbb && (buf[lineStart + 2] & 0xff) == 0xbf) {
                lineStart += 3;
            }
            if (end > lineStart) {
                split(lineStart, end);
                return true;
            }
        }
    }

    /** 1-based number of the current line in the input. */
    long lineNumber() {
        return lineNumber;
    }

    /** Why the current line could not be split (bad quoting), or null. */
    String lineError() {
        return lineError;
    }

    int fieldCount() {
        return fieldCount;
    }

    /** The bytes the field offsets point into; valid until the next call to {@link #next()}. */
    byte[] buffer() {
        return buf;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    int length(int field) {
        return ends[field] - starts[field];
    }

    String field(int field) {
        return new String(buf, starts[field], length(field), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int indexOfNewline(int from) {
        byte[] b = buf;
        for (int i = from, n = limit; i < n; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unread tail [from, limit) to the front (growing the buffer if full) and reads more. */
    private int fill(int from) throws IOException {
        int tail = limit - from;
        if (from == 0 && tail == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        } else {
            System.arraycopy(buf, from, buf, 0, tail);
        }
        limit = tail;
        while (limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                break;
            }
            limit += n;
        }
        return 0;
    }

    private void split(int from, int to) {
        fieldCount = 0;
        lineError = null;
        byte[] b = buf;
        int i = from;
        while (true) {
            if (fieldCount == starts.length) {
                starts = Arrays.copyOf(starts, fieldCount * 2);
                ends = Arrays.copyOf(ends, fieldCount * 2);
            }
            if (i < to && b[i] == '"') {
                i = unquote(i, to);
                if (i < 0) {
                    return;
                }
            } else {
                starts[fieldCount] = i;
                while (i < to && b[i] != ',') {
                    i++;
                }
                ends[fieldCount] = i;
            }
            fieldCount++;
            if (i >= to) {
                return;
            }
            i++; // the comma
        }
    }

    /** Unquotes the field opening at {@code quote} in place; returns the index after it, or -1 on error. */
    private int unquote(int quote, int to) {
        byte[] b = buf;
        int w = quote;
        int i = quote + 1;
        starts[fieldCount] = w;
        while (true) {
            if (i >= to) {
                lineError = "field " + (fieldCount + 1) + ": quoted field has no closing quote";
                return -1;
            }
            byte c = b[i++];
            if (c == '"') {
                if (i < to && b[i] == '"') {
                    i++;
                } else {
                    break;
                }
            }
            b[w++] = c;
        }
        ends[fieldCount] = w;
        if (i < to && b[i] != ',') {
            lineError = "field " + (fieldCount + 1) + ": unexpected text after the closing quote";
            return -1;
        }
        return i;
    }
}
