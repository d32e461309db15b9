package io.quarry.backtest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The backtest of a set of signals over one range: what a report shows.
 *
 * @param spec        how they were backtested
 * @param from        first date of the range (the first signal day)
 * @param to          last date of the range
 * @param symbols     symbols of the panel
 * @param alphas      one result per signal, in the order given
 * @param combination how the signals were combined
 * @param combined    the combined signal's result; empty for {@link Combination#NONE}
 * @param selected    names of the results to chart (best Sharpe first, then the combination)
 * @param failed      alphas that could not be evaluated, with the reason: listed in the report
 */
public record BacktestRun(BacktestSpec spec, String from, String to, int symbols, List<BacktestResult> alphas,
                          Combination combination, Optional<BacktestResult> combined, List<String> selected,
                          Map<String, String> failed) {

    public BacktestRun {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(combination, "combination");
        Objects.requireNonNull(combined, "combined");
        alphas = List.copyOf(alphas);
        selected = List.copyOf(selected);
        failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    /** Every result: the alphas, then the combination if any. */
    public List<BacktestResult> all() {
        return combined.map(c -> Stream.concat(alphas.stream(), Stream.of(c)).toList()).orElse(alphas);
    }

    /** The result of a signal by name. */
    public Optional<BacktestResult> result(String name) {
        return all().stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
