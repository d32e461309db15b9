package io.quarry.connectors;

import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a group table as {@code symbol,sector[,industry,subindustry]} CSV, the form {@link GroupsReader} reads. */
public final class GroupsWriter {

    private GroupsWriter() {
    }

    /** Writes one line per symbol of {@code symbols} that the table classifies, in that order. */
    public static void write(Path out, Groups groups, List<String> symbols) throws IOException {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("the group table is empty: nothing to write to " + out);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("symbol");
            for (int level = 0; level < groups.levels(); level++) {
                w.write("," + GroupLevel.values()[level].keyword());
            }
            w.write('\n');
            for (String symbol : symbols) {
                if (groups.groupOf(symbol, GroupLevel.SECTOR) == null) {
                    continue;
                }
                w.write(symbol);
                for (int level = 0; level < groups.levels(); level++) {
                    w.write("," + groups.groupOf(symbol, GroupLevel.values()[level]));
                }
                w.write('\n');
            }
        }
    }
}
