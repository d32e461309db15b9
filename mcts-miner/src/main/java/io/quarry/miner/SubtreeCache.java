package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.eval.BatchEvaluator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of subexpressions shared across candidates, least recently used first out, bounded in
 * bytes. Keys are (expanded, canonical) subtrees compared structurally, so equal subtrees of
 * different candidates hit the same entry. Thread-safe. Only speed depends on what it holds: a
 * value is the same whether it comes from here or is computed again.
 */
final class SubtreeCache implements BatchEvaluator.NodeCache {

    private final long maxBytes;
    private final LinkedHashMap<Expr, double[]> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    SubtreeCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized double[] get(Expr subtree) {
        return entries.get(subtree);
    }

    @Override
    public synchronized boolean offer(Expr subtree, double[] values) {
        long size = 8L * values.length;
        if (size > maxBytes || entries.containsKey(subtree)) {
            return false;
        }
        var it = entries.entrySet().iterator();
        while (bytes + size > maxBytes && it.hasNext()) {
            Map.Entry<Expr, double[]> eldest = it.next();
            bytes -= 8L * eldest.getValue().length;
            it.remove();
        }
        entries.put(subtree, values);
        bytes += size;
        return true;
    }
}
