package io.quarry.jobs.cli;

import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Diagnostic;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/** Reading and checking {@code .alpha} files for the commands. */
final class AlphaFiles {

    private AlphaFiles() {
    }

    /**
     * Parses and checks a file against the fields the data has; prints warnings; refuses the file
     * (exit 2) with every error printed when any definition is wrong.
     */
    static CheckedFile load(Path file, Set<String> dataFields, PrintWriter err) throws IOException {
        CheckedFile checked = check(file, dataFields);
        for (Diagnostic d : checked.diagnostics()) {
            err.println(d.format());
        }
        if (checked.hasErrors()) {
            int n = checked.errors().size();
            throw CliFailure.badInput(file + ": " + n + (n == 1 ? " error" : " errors") + ", nothing evaluated");
        }
        return checked;
    }

    static CheckedFile check(Path file, Set<String> dataFields) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput("alpha file not found: " + file);
        }
        return new Checker(Limits.DEFAULT, dataFields).check(new Source(file.toString(), text));
    }
}
