package io.quarry.dsl.canon;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Parser;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 101 formulas of the paper, verbatim: they parse, check, print canonically and round-trip. */
class Wq101FormulasTest {

    private static List<String> paperFormulas() throws IOException {
        return Files.readAllLines(SharedData.file("wq101.txt")).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .toList();
    }

    @Test
    void everyFormulaOfThePaperParsesVerbatimAndPrintsBackToTheSameTree() throws IOException {
        List<String> formulas = paperFormulas();
        assertThat(formulas).hasSize(101);
        for (String formula : formulas) {
            Expr tree = Parser.parseExpression(formula);
            assertThat(Parser.parseExpression(Printer.print(tree))).as(formula).isEqualTo(tree);
        }
    }

    @Test
    void theShippedFileHoldsThePaperFormulasAndAllCheckWithoutErrors() throws IOException {
        String text = Files.readString(SharedData.repoRoot().resolve("alphas/wq101.alpha"));
        CheckedFile file = Checker.standard().check(new Source("wq101.alpha", text));
        assertThat(file.errors()).isEmpty();
        assertThat(file.definitions()).hasSize(101);
        List<String> formulas = paperFormulas();
        for (int i = 0; i < 101; i++) {
            CheckedAlpha alpha = file.definitions().get(i);
            assertThat(alpha.name()).isEqualTo(String.format("wq101_%03d", i + 1));
            assertThat(alpha.source()).isEqualTo(Parser.parseExpression(formulas.get(i)));
        }
    }

    @Test
    void canonicalFormIsStableUnderPrintAndReparse() throws IOException {
        Checker checker = Checker.standard();
        for (String formula : paperFormulas()) {
            CheckedAlpha once = checker.checkExpression("a", formula, Definition.Kind.ALPHA);
            CheckedAlpha twice = checker.checkExpression("a", once.canonicalText(), Definition.Kind.ALPHA);
            assertThat(twice.canonicalText()).as(formula).isEqualTo(once.canonicalText());
            assertThat(twice.canonical()).as(formula).isEqualTo(once.canonical());
            assertThat(twice.hash()).isEqualTo(once.hash());
        }
    }

    @Test
    void distinctFormulasHaveDistinctHashes() throws IOException {
        Checker checker = Checker.standard();
        long distinct = paperFormulas().stream()
                .map(f -> checker.checkExpression("a", f, Definition.Kind.ALPHA).hash())
                .distinct().count();
        // #9 and #10 differ only by an outer rank and a window; no two of the 101 coincide.
        assertThat(distinct).isEqualTo(101);
    }
}
