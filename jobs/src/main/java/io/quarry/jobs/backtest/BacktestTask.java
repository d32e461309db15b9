package io.quarry.jobs.backtest;

/**
 * One file of a backtest job. Public, like the job's other records, so that Flink serializes it as a POJO.
 *
 * @param index     its place among the job's files
 * @param file      the file's name as the user gave it (for messages and the summary)
 * @param text      its text, already checked by the client
 * @param reportDir where its report goes
 */
public record BacktestTask(int index, String file, String text, String reportDir) {
}
