package io.quarry.backtest;

import java.util.Locale;

/** The price the portfolio trades at. */
public enum PriceMode {
    /**
     * The signal of day t trades at t's close; the position earns {@code close[t+1] / close[t] - 1},
     * booked on day t+1.
     */
    CLOSE,
    /**
     * The signal of day t trades at t+1's open; the position earns {@code open[t+2] / open[t+1] - 1},
     * booked on day t+1 (the trade day).
     */
    OPEN;

    /** {@code close} or {@code open}, as on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The price field the mode reads. */
    String field() {
        return label();
    }

    /** Rows from the return day to the row of its entry price: close trades the row before, open the row itself. */
    int entryOffset() {
        return this == CLOSE ? -1 : 0;
    }
}
