package io.quarry.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The file formats read and written: recognised by content when reading, by extension when writing. */
enum FileFormat {
    CSV, CSV_GZ, ARROW_FILE, ARROW_STREAM;

    private static final byte[] ARROW_MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

    /** The format of an existing file, from its first bytes: gzip, Arrow IPC file or stream, else text. */
    static FileFormat sniff(Path file) throws IOException {
        byte[] head = new byte[ARROW_MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return CSV_GZ;
        }
        if (n == ARROW_MAGIC.length && Arrays.equals(head, ARROW_MAGIC)) {
            return ARROW_FILE;
        }
        if (n >= 4 && head[0] == -1 && head[1] == -1 && head[2] == -1 && head[3] == -1) {
            return ARROW_STREAM; // the IPC stream format opens with a continuation marker
        }
        return CSV;
    }

    /** The format to write, from the file name: {@code .csv}, {@code .csv.gz} or {@code .arrow}. */
    static FileFormat forOutput(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv.gz")) {
            return CSV_GZ;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".arrow")) {
            return ARROW_FILE;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file
                + " from its name: use .csv, .csv.gz or .arrow");
    }
}
