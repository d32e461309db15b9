package io.quarry.dsl.panel;

import java.util.Locale;

/** The levels of the industry classification, coarsest first ({@code IndClass.sector} ...). */
public enum GroupLevel {
    SECTOR, INDUSTRY, SUBINDUSTRY;

    /** The name used in formulas: {@code IndClass.<name>}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
