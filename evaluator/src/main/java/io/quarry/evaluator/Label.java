package io.quarry.evaluator;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.parse.Definition;
import java.util.List;
import java.util.Objects;

/** What the alphas are scored against: a forward return, or a {@code label} line of an .alpha file. */
public sealed interface Label {

    /** How the label shows in reports: {@code fwd_return_1d}, or the label's name. */
    String name();

    /** How many rows ahead the label looks (h for a forward return; the furthest negative delay of a formula). */
    int horizon();

    /**
     * The forward close-to-close return {@code close[t+h] / close[t] - 1}, NaN where either close is
     * missing or the symbol has no bar at t.
     */
    record ForwardReturn(int horizon) implements Label {
        public ForwardReturn {
            if (horizon < 1) {
                throw new IllegalArgumentException("horizon must be at least 1 day, got " + horizon);
            }
        }

        @Override
        public String name() {
            return "fwd_return_" + horizon + "d";
        }
    }

    /** A checked {@code label} definition (it may look forward with a negative delay). */
    record Named(CheckedAlpha definition) implements Label {
        public Named {
            Objects.requireNonNull(definition, "definition");
        }

        @Override
        public String name() {
            return definition.name();
        }

        @Override
        public int horizon() {
            return reach(definition.canonical());
        }

        /** Rows ahead an expression reads: negative shifts add up along a path, windows look back. */
        private static int reach(Expr e) {
            int inner = 0;
            for (Expr child : e.children()) {
                inner = Math.max(inner, reach(child));
            }
            if (e instanceof Expr.Call c && c.args().size() == 2 && c.args().get(1) instanceof Expr.Num n
                    && n.value() < 0 && Operator.byName(c.function())
                    .filter(op -> op == Operator.DELAY || op == Operator.DELTA).isPresent()) {
                return reach(c.args().get(0)) + (int) -n.value();
            }
            return inner;
        }
    }

    /**
     * The {@code label} line named {@code name} of a checked file.
     *
     * @throws IllegalArgumentException {@code no label named 'x' in the file (it has: a, b)}
     */
    static Label named(CheckedFile file, String name) {
        List<CheckedAlpha> labels = file.definitions().stream()
                .filter(d -> d.kind() == Definition.Kind.LABEL).toList();
        return labels.stream().filter(d -> d.name().equals(name)).findFirst().<Label>map(Named::new)
                .orElseThrow(() -> new IllegalArgumentException("no label named '" + name + "' in the file (it has: "
                        + (labels.isEmpty() ? "no label lines"
                        : String.join(", ", labels.stream().map(CheckedAlpha::name).toList())) + ")"));
    }
}
