package io.quarry.dsl.ast;

import io.quarry.dsl.panel.GroupLevel;
import java.util.List;

/**
 * A formula's syntax tree. Nodes are immutable values with structural equality; source positions
 * live beside the tree (see {@link io.quarry.dsl.parse.ParsedFile#positionOf}), so two formulas that
 * print the same are equal.
 */
public sealed interface Expr permits Expr.Num, Expr.Field, Expr.Neg, Expr.Binary, Expr.Ternary, Expr.Call,
        Expr.GroupRef {

    /** The operands, left to right. */
    List<Expr> children();

    /** This node with other operands (same count as {@link #children()}). */
    Expr withChildren(List<Expr> children);

    /** A numeric literal. The parser only makes non-negative ones; canonical trees fold signs in. */
    record Num(double value) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of();
        }

        @Override
        public Expr withChildren(List<Expr> children) {
            return this;
        }
    }

    /** A market field ({@code close}, {@code $close}, {@code adv20}); the name is lower case. */
    record Field(String name) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of();
        }

        @Override
        public Expr withChildren(List<Expr> children) {
            return this;
        }
    }

    /** Unary minus. */
    record Neg(Expr operand) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand);
        }

        @Override
        public Expr withChildren(List<Expr> children) {
            return new Neg(children.get(0));
        }
    }

    /** An infix operation. */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(left, right);
        }

        @Override
        public Expr withChildren(List<Expr> children) {
            return new Binary(op, children.get(0), children.get(1));
        }
    }

    /** {@code cond ? then : otherwise}. */
    record Ternary(Expr cond, Expr then, Expr otherwise) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(cond, then, otherwise);
        }

        @Override
        public Expr withChildren(List<Expr> children) {
            return new Ternary(children.get(0), children.get(1), children.get(2));
        }
    }

    /**
     * A function call. The name is as written in source (names are case-insensitive); canonical
     * trees hold the operator's canonical lower-case name.
     */
    record Call(String function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public List<Expr> children() {
            return args;
        }

        @Override
        public Expr withChildren(List<Expr> children) {
            return new Call(function, children);
        }
    }

    /** {@code IndClass.sector}, {@code IndClass.industry} or {@code IndClass.subindustry}. */
    record GroupRef(GroupLevel level) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of();
        }

        @Override
        public Expr withChildren(List<Expr> children) {
            return this;
        }
    }
}
