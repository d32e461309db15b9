package io.quarry.dsl.check;

/**
 * The unit of a formula's value, inferred by the checker. Mixing dimensional units where it is
 * meaningless (price + volume) is a warning; the logic score reads the warnings.
 */
public enum Unit {
    /** A price in currency per share: open, high, low, close, vwap. */
    PRICE,
    /** A number of shares: volume, adv{d}. */
    VOLUME,
    /** Currency: price x volume, cap. */
    DOLLAR,
    /** A relative change: returns. */
    RETURN,
    /** Dimensionless: ranks, correlations, ratios of like quantities, booleans. */
    RATIO,
    /** A literal number, which takes the unit of whatever it meets. */
    NUMBER,
    /** Not inferable (e.g. price squared); never warned about. */
    UNKNOWN;

    boolean dimensional() {
        return this == PRICE || this == VOLUME || this == DOLLAR;
    }

    boolean dimensionless() {
        return this == RETURN || this == RATIO;
    }

    /** Whether adding or comparing values of these units is meaningful. */
    static boolean compatible(Unit a, Unit b) {
        return a == b || a == NUMBER || b == NUMBER || a == UNKNOWN || b == UNKNOWN
                || (a.dimensionless() && b.dimensionless());
    }

    /** The unit of a sum, difference, element-wise max/min or either branch of a conditional. */
    static Unit sum(Unit a, Unit b) {
        if (a == NUMBER) {
            return b;
        }
        if (b == NUMBER || a == b) {
            return a;
        }
        if (a.dimensionless() && b.dimensionless()) {
            return RATIO;
        }
        return UNKNOWN;
    }

    static Unit product(Unit a, Unit b) {
        if (a == NUMBER && b == NUMBER) {
            return NUMBER;
        }
        if (a == NUMBER || a.dimensionless()) {
            return b == NUMBER ? a : (b.dimensionless() ? RATIO : b);
        }
        if (b == NUMBER || b.dimensionless()) {
            return a;
        }
        if ((a == PRICE && b == VOLUME) || (a == VOLUME && b == PRICE)) {
            return DOLLAR;
        }
        return UNKNOWN;
    }

    static Unit quotient(Unit a, Unit b) {
        if (b == NUMBER || b.dimensionless()) {
            return a == NUMBER && b != NUMBER ? RATIO : a;
        }
        if (a == b && a != UNKNOWN) {
            return RATIO;
        }
        if (a == DOLLAR && b == VOLUME) {
            return PRICE;
        }
        if (a == DOLLAR && b == PRICE) {
            return VOLUME;
        }
        return UNKNOWN;
    }

    /** A power: meaningful for dimensionless bases only. */
    static Unit power(Unit base, Unit exponent) {
        if (base == NUMBER && exponent == NUMBER) {
            return NUMBER;
        }
        return base.dimensional() || base == UNKNOWN ? UNKNOWN : RATIO;
    }

    /** The unit of a data field by its name. */
    static Unit ofField(String name) {
        return switch (name) {
            case "open", "high", "low", "close", "vwap" -> PRICE;
            case "volume" -> VOLUME;
            case "cap" -> DOLLAR;
            case "returns" -> RETURN;
            default -> name.matches("adv\\d+") ? VOLUME : UNKNOWN;
        };
    }

    /** How the unit reads in a warning. */
    String describe() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
