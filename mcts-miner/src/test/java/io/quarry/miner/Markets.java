package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.synth.MarketGenerator;
import java.util.Set;

/** Small synthetic markets and checked formulas for the tests. */
final class Markets {

    private Markets() {
    }

    static Panel synthetic(int symbols, int days, long seed) {
        return MarketGenerator.generate(new MarketGenerator.Spec(symbols, days, seed));
    }

    static CheckedAlpha alpha(String name, String formula) {
        return new Checker(io.quarry.dsl.parse.Limits.DEFAULT, Set.of())
                .checkExpression(name, formula, Definition.Kind.ALPHA);
    }
}
