package io.quarry.jobs.stream;

/**
 * One alpha group's values for one complete cross-section.
 *
 * @param time      the cross-section's timestamp text
 * @param eventTime the same in epoch milliseconds
 * @param symbols   the symbols with a bar
 * @param closes    their closes (for the realised returns of the live IC)
 * @param alphas    the group's alphas
 * @param values    alpha-major: alpha a, symbol s at {@code a * symbols.length + s}
 * @param firedAt   wall-clock milliseconds when the watermark passed and evaluation began
 */
public record GroupOutput(String time, long eventTime, String[] symbols, double[] closes, String[] alphas,
                          double[] values, long firedAt) {
}
