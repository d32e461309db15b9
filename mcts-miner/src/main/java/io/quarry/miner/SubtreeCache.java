package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.eval.BatchEvaluator;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of subexpressions shared across candidates, bounded in bytes. Keys are (expanded,
 * canonical) subtrees compared structurally, so equal subtrees of different candidates hit the same
 * entry. Thread-safe. Only speed depends on what it holds: a value is the same whether it comes
 * from here or is computed again.
 *
 * <p>When it is full, the entry that is cheapest to compute again leaves first (GreedyDual: an
 * entry's priority is its cost, the nanoseconds its subtree took, plus the priority of the last
 * entry evicted before it was kept or last read; the least recently used leaves first among
 * equals). An evaluator's work is mostly cheap element-wise nodes and a few windows of 20-60 days
 * that take 10-20 ms each: with least recently used first out, the cheap ones pushed those out,
 * and a search at budget 20,000 computed the windows about as often again as it computed them the
 * first time (docs/PERFORMANCE.md, "Miner").
 *
 * <p>A subtree is kept the second time it is offered, not the first. Most subtrees of a search's
 * candidates never recur; keeping them all evicted the ones that do, and each array kept is one the
 * evaluator cannot reuse, so the heap filled with them and the collector ran far more (JFR, MCTS
 * on the shared panel: 4003 of 4003 offers kept and 373 hits before, 221 kept and 403 hits after,
 * evaluation CPU down by a third).
 *
 * <p>It also keeps the evaluator's spare arrays from one batch to the next: the intermediates an
 * evaluation finished with, the results its caller has used, and the values of evicted entries once
 * every evaluation that may still read them is over ({@link #evaluationDone}). The arrays then live
 * as long as the search, instead of dying in the old generation (the collector promoted ~250 MB of
 * them per young collection and ran a full collection every ~6 s).
 *
 * <p>Side-by-side searches share one: a subtree one of them computed is a hit for the other.
 */
final class SubtreeCache implements BatchEvaluator.NodeCache {

    /** Subtrees offered once that are remembered; the memory is cleared when it holds more. */
    static final int MAX_REMEMBERED = 1 << 16;

    /** Spare arrays kept per evaluator: twice a batch's 32 candidates. */
    static final int MAX_SPARES = 64;

    private final long maxBytes;
    private final int maxSpares;
    private final Map<Expr, Entry> entries = new HashMap<>();
    /**
     * The entries in eviction order: lowest priority first, the least recently used first among
     * equals. Ordered rather than scanned: a scan of the few hundred entries at each eviction read
     * them from memory the evaluator had just pushed out of the caches (1.2% of a search's samples).
     */
    private final TreeSet<Entry> evictionOrder = new TreeSet<>(
            Comparator.comparingLong((Entry e) -> e.priority).thenComparingLong(e -> e.lastUse));
    /** Uses (kept or read) so far: an entry's last one orders it among equal priorities. */
    private long uses;
    private final Set<Expr> offeredOnce = new HashSet<>();
    private final ArrayDeque<double[]> spares = new ArrayDeque<>();
    /** Values of evicted entries, oldest first, which running evaluations may still read. */
    private final ArrayDeque<Evicted> evicted = new ArrayDeque<>();
    /** Evaluations started so far; each running one is known by its number. */
    private long started;
    private final TreeSet<Long> running = new TreeSet<>();
    private long bytes;
    /** The priority of the entry evicted last: what a kept entry's cost adds to. */
    private long clock;

    /** An entry; its priority and last use change only while it is out of {@link #evictionOrder}. */
    private static final class Entry {
        final Expr subtree;
        final double[] values;
        final long cost;
        long priority;
        long lastUse;

        Entry(Expr subtree, double[] values, long cost, long priority, long lastUse) {
            this.subtree = subtree;
            this.values = values;
            this.cost = cost;
            this.priority = priority;
            this.lastUse = lastUse;
        }
    }

    /** An evicted entry's values, and the number of the last evaluation started before it left. */
    private record Evicted(double[] values, long lastStarted) {
    }

    /** A cache for one evaluator at a time. */
    SubtreeCache(long maxBytes) {
        this(maxBytes, 1);
    }

    /** A cache that {@code evaluators} evaluators (searches, one thread each) share. */
    SubtreeCache(long maxBytes, int evaluators) {
        this.maxBytes = maxBytes;
        this.maxSpares = MAX_SPARES * evaluators;
    }

    @Override
    public synchronized double[] get(Expr subtree) {
        Entry entry = entries.get(subtree);
        if (entry == null) {
            return null;
        }
        evictionOrder.remove(entry);
        entry.priority = clock + entry.cost;
        entry.lastUse = ++uses;
        evictionOrder.add(entry);
        return entry.values;
    }

    @Override
    public synchronized boolean offer(Expr subtree, double[] values, long costNanos) {
        long size = 8L * values.length;
        if (size > maxBytes || entries.containsKey(subtree)) {
            return false;
        }
        if (offeredOnce.add(subtree)) {
            if (offeredOnce.size() > MAX_REMEMBERED) {
                offeredOnce.clear();
                offeredOnce.add(subtree);
            }
            return false;
        }
        offeredOnce.remove(subtree);
        while (bytes + size > maxBytes) {
            evictCheapest();
        }
        Entry entry = new Entry(subtree, values, costNanos, clock + costNanos, ++uses);
        entries.put(subtree, entry);
        evictionOrder.add(entry);
        bytes += size;
        return true;
    }

    /** Removes the entry of lowest priority, the least recently used of equals, and advances the clock to it. */
    private void evictCheapest() {
        Entry entry = evictionOrder.pollFirst();
        clock = entry.priority;
        bytes -= 8L * entry.values.length;
        evicted.add(new Evicted(entry.values, started));
        entries.remove(entry.subtree);
    }

    @Override
    public synchronized double[] spare() {
        return spares.poll();
    }

    @Override
    public synchronized void recycle(double[] array) {
        if (spares.size() < maxSpares) {
            spares.push(array);
        }
    }

    /**
     * Registers an evaluation about to read this cache; returns its number, for
     * {@link #evaluationDone}.
     */
    synchronized long evaluationStarted() {
        running.add(++started);
        return started;
    }

    /**
     * Ends evaluation {@code number}, and makes spares of the evicted values no running evaluation
     * may still read: those evicted after every running one started, since an evaluation reads an
     * entry only while it is in the cache.
     */
    synchronized void evaluationDone(long number) {
        running.remove(number);
        long oldestRunning = running.isEmpty() ? Long.MAX_VALUE : running.first();
        while (!evicted.isEmpty() && evicted.peek().lastStarted() < oldestRunning) {
            recycle(evicted.poll().values());
        }
    }
}
