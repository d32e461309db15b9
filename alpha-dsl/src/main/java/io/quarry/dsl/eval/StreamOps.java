package io.quarry.dsl.eval;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.panel.GroupLevel;

/**
 * The stateless operations of the incremental evaluator's graph: fields, constants, element-wise
 * operators (the batch evaluator's {@link ElementKernels} over one cross-section) and
 * cross-sectional operators ({@link CrossSectionKernels} over the symbols in name order).
 */
final class StreamOps {

    private StreamOps() {
    }

    /** A data field's values at this step. */
    record Field(String name) implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            System.arraycopy(universe.fieldRow(name), 0, out, 0, universe.size());
        }
    }

    /** A number: {@link StreamGraph} fills its row once, so a step has nothing to do. */
    record Constant(double value) implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
        }
    }

    record Negate() implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            ElementKernels.negate(in[0], out, 0, universe.size());
        }
    }

    record Binary(BinaryOp op) implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            ElementKernels.binary(op, in[0], in[1], out, 0, universe.size());
        }
    }

    record Ternary() implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            ElementKernels.ternary(in[0], in[1], in[2], out, 0, universe.size());
        }
    }

    record Map1(Operator op) implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            ElementKernels.map1(op, in[0], out, 0, universe.size());
        }
    }

    record Map2(Operator op) implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            ElementKernels.map2(op, in[0], in[1], out, 0, universe.size());
        }
    }

    /** {@code rank(x)}: the ranks do not depend on the symbols' order, so no reordering. */
    record Rank() implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            CrossSectionKernels.rank(in[0], out, universe.size(), universe.rankScratch());
        }
    }

    /**
     * {@code zscore demean scale indneutralize}: their sums run over the symbols in name order, as
     * over a panel's symbols, so the results are the batch evaluator's bits.
     *
     * @param scale the {@code a} of {@code scale(x, a)}
     * @param level the group level of {@code indneutralize}
     */
    record CrossSectional(Operator op, double scale, GroupLevel level) implements RowOp {
        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            int n = universe.size();
            double[] x = universe.gather(in[0]);
            double[] r = universe.result();
            switch (op) {
                case ZSCORE -> CrossSectionKernels.zscore(x, r, n);
                case DEMEAN -> CrossSectionKernels.demean(x, r, n);
                case SCALE -> CrossSectionKernels.scale(x, r, n, scale);
                case INDNEUTRALIZE -> {
                    Universe.Grouping grouping = universe.grouping(level);
                    CrossSectionKernels.neutralize(x, grouping.ids(), grouping.count(), r, n);
                }
                default -> throw new IllegalStateException(op.name());
            }
            universe.scatter(r, out);
        }
    }
}
