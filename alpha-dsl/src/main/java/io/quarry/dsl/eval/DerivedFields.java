package io.quarry.dsl.eval;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields Quarry derives when the data lacks them, as formulas over the raw bars:
 * {@code returns = close / delay(close, 1) - 1}, {@code vwap = (high + low + close) / 3} and
 * {@code adv{d} = mean(volume, d)} (share volume, as the common open implementations do).
 */
final class DerivedFields {

    private static final Pattern ADV = Pattern.compile("adv([1-9][0-9]*)");

    private DerivedFields() {
    }

    /** The tree with every derived field the data lacks replaced by its formula. */
    static Expr expand(Expr e, Set<String> dataFields) {
        if (e instanceof Expr.Field f) {
            return dataFields.contains(f.name()) ? f : definition(f.name()).orElse(f);
        }
        if (e.children().isEmpty()) {
            return e;
        }
        List<Expr> children = new ArrayList<>(e.children().size());
        for (Expr child : e.children()) {
            children.add(expand(child, dataFields));
        }
        return e.withChildren(children);
    }

    private static java.util.Optional<Expr> definition(String field) {
        Expr close = new Expr.Field("close");
        switch (field) {
            case "returns":
                return java.util.Optional.of(new Expr.Binary(BinaryOp.SUB,
                        new Expr.Binary(BinaryOp.DIV, close, call(Operator.DELAY, close, new Expr.Num(1))),
                        new Expr.Num(1)));
            case "vwap":
                return java.util.Optional.of(new Expr.Binary(BinaryOp.DIV,
                        new Expr.Binary(BinaryOp.ADD,
                                new Expr.Binary(BinaryOp.ADD, new Expr.Field("high"), new Expr.Field("low")), close),
                        new Expr.Num(3)));
            default:
                Matcher m = ADV.matcher(field);
                if (m.matches()) {
                    return java.util.Optional.of(call(Operator.MEAN, new Expr.Field("volume"),
                            new Expr.Num(Integer.parseInt(m.group(1)))));
                }
                return java.util.Optional.empty();
        }
    }

    private static Expr call(Operator op, Expr... args) {
        return new Expr.Call(op.canonicalName(), List.of(args));
    }
}
