package io.quarry.jobs.backtest;

import io.quarry.backtest.BacktestSpec;
import io.quarry.backtest.Combination;
import java.io.Serializable;

/**
 * How each file of a backtest job is backtested: the same market, rows, rules and combination for all.
 *
 * @param data        bars file every subtask reads (on a cluster, a path each TaskManager can read)
 * @param groups      the groups CSV, or null
 * @param fromRow     first backtested row
 * @param toRow       row after the last
 * @param spec        strategy, costs, price
 * @param combination how each file's alphas are combined
 * @param modelText   with {@link Combination#PPO}: the weighting model's text; else null
 * @param select      alphas charted per report
 */
public record BacktestOptions(String data, String groups, int fromRow, int toRow, BacktestSpec spec,
                              Combination combination, String modelText, int select) implements Serializable {

    private static final long serialVersionUID = 1L;
}
