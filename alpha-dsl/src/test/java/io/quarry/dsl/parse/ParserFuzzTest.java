package io.quarry.dsl.parse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import java.util.List;

/**
 * Coverage-guided fuzzing of the parser and the checker with Jazzer.
 *
 * <p>By default (no {@code JAZZER_FUZZ} in the environment) JUnit runs the test once per seed file
 * under {@code src/test/resources/io/quarry/dsl/parse/ParserFuzzTestInputs/fuzzTest/} (plus an
 * empty input): a fast regression test. With {@code JAZZER_FUZZ=1} Jazzer mutates those seeds for
 * at most {@code maxDuration}, looking for an input that breaks one of the laws of
 * {@link #checkLaws(String)}; a crashing input is saved next to the seeds, and the inputs it finds
 * interesting go to {@code alpha-dsl/.cifuzz-corpus/} (a cache, not to be committed). Fuzzing stops
 * at the first seed or input that fails, so fix (or set aside) a failing seed before fuzzing.
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -o -pl alpha-dsl test -Dtest=ParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Seeds named {@code crash_*} and {@code law_*} reproduce bugs found while writing this test
 * (docs/language.md, "Known issues"); they fail until the parser or checker is fixed.
 *
 * <p>{@link ParserRandomInputTest} checks the same laws on random token soup with jqwik, so they are
 * exercised even where Jazzer's agent cannot run.
 */
class ParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzzTest(FuzzedDataProvider data) {
        checkLaws(data.consumeRemainingAsString());
    }

    /**
     * The laws every input must satisfy, whatever its text:
     * <ol>
     *   <li>{@code Parser.parseFile} and {@code Checker.check} never throw: every problem is a
     *       {@link Diagnostic} with a line &gt;= 1, a column &gt;= 1 and a formatted message;</li>
     *   <li>{@code Parser.parseExpression} returns or throws a {@link FormulaException} whose
     *       diagnostics obey the same rule, never anything else;</li>
     *   <li>print/reparse: the canonical text of every definition that checks without errors
     *       checks again, without errors, to the same canonical text and hash.</li>
     * </ol>
     *
     * @throws AssertionError naming the law, the input (abridged) and the cause
     */
    static void checkLaws(String text) {
        CheckedFile checked;
        try {
            ParsedFile parsed = Parser.parseFile(new Source("fuzz.alpha", text));
            checkDiagnostics(parsed.diagnostics(), "fuzz.alpha", text);
            checked = Checker.standard().check(parsed);
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            throw failure("parseFile/check threw " + e, text, e);
        }
        checkDiagnostics(checked.diagnostics(), "fuzz.alpha", text);

        try {
            Parser.parseExpression(text);
        } catch (FormulaException e) {
            if (e.diagnostics().isEmpty()) {
                throw failure("parseExpression threw a FormulaException without diagnostics", text, e);
            }
            checkDiagnostics(e.diagnostics(), "<expr>", text);
        } catch (Throwable e) {
            throw failure("parseExpression threw " + e + " (only FormulaException is allowed)", text, e);
        }

        for (CheckedAlpha alpha : checked.definitions()) {
            CheckedAlpha again;
            try {
                again = Checker.standard().checkExpression(alpha.name(), alpha.canonicalText(), alpha.kind());
            } catch (Throwable e) {
                throw failure("the canonical text of '" + alpha.name() + "' does not check again: "
                        + abridge(alpha.canonicalText()) + "\n" + abridge(String.valueOf(e)), text, e);
            }
            if (!again.canonicalText().equals(alpha.canonicalText()) || !again.hash().equals(alpha.hash())) {
                throw failure("the canonical text of '" + alpha.name() + "' is not a fixed point: "
                        + abridge(alpha.canonicalText()) + " checks again to " + abridge(again.canonicalText()),
                        text, null);
            }
        }
    }

    private static void checkDiagnostics(List<Diagnostic> diagnostics, String file, String text) {
        for (Diagnostic d : diagnostics) {
            if (d.position().line() < 1 || d.position().column() < 1) {
                throw failure("diagnostic without a position: " + d.message() + " at " + d.position(), text, null);
            }
            if (!file.equals(d.file())) {
                throw failure("diagnostic names file '" + d.file() + "', expected '" + file + "'", text, null);
            }
            String formatted = d.format();
            String head = file + ":" + d.position().line() + ":" + d.position().column() + ": ";
            if (d.message() == null || d.message().isBlank() || formatted == null || !formatted.startsWith(head)
                    || !formatted.contains(d.message())) {
                throw failure("badly formatted diagnostic: " + formatted, text, null);
            }
            if (d.sourceLine() != null && !formatted.contains("^")) {
                throw failure("diagnostic with a source line but no caret: " + formatted, text, null);
            }
        }
    }

    private static String abridge(String text) {
        return text.length() <= 400 ? text : text.substring(0, 200) + " ... " + text.substring(text.length() - 100);
    }

    private static AssertionError failure(String what, String text, Throwable cause) {
        StringBuilder escaped = new StringBuilder();
        abridge(text).codePoints().forEach(c -> {
            if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\\') {
                escaped.append("\\\\");
            } else if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        AssertionError error = new AssertionError(what + "\n  input (" + text.length() + " chars): \"" + escaped + "\"");
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }
}
