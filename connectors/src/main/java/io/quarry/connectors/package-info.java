/**
 * Reading and writing market data and alpha values.
 *
 * <ul>
 *   <li>{@link io.quarry.connectors.BarsReader}: long-format bars (CSV, gzip-compressed CSV, Arrow IPC)
 *       into a {@link io.quarry.dsl.panel.Panel};</li>
 *   <li>{@link io.quarry.connectors.GroupsReader}: the {@code symbol,sector[,industry,subindustry]} table;</li>
 *   <li>{@link io.quarry.connectors.BarsWriter}: a panel's bars back to CSV, CSV.gz or Arrow;</li>
 *   <li>{@link io.quarry.connectors.AlphaValuesWriter}: evaluated alpha values in long format.</li>
 * </ul>
 *
 * <p>Malformed input is reported as a {@link io.quarry.connectors.DataFormatException} that names the
 * file, the line (or Arrow row), the column and the offending text.
 */
package io.quarry.connectors;
