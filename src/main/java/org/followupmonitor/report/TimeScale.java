package org.followupmonitor.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How x-axis tick labels express time; the data are always in days since the time origin. */
public enum TimeScale {
    /** Labels are whole days. */
    DAYS(1.0, "days"),
    /** Labels are months of 30.4375 days (365.25 / 12). */
    MONTHS(30.4375, "months"),
    /** Labels are years of 365.25 days, so 1826 days reads 5. */
    YEARS(365.25, "years");

    private final double daysPerUnit;
    private final String unitName;

    TimeScale(double daysPerUnit, String unitName) {
        this.daysPerUnit = daysPerUnit;
        this.unitName = unitName;
    }

    public String unitName() {
        return unitName;
    }

    /** A tick label for a time in days: at most one decimal, trailing ".0" dropped (1826 d reads "5" in years). */
    public String label(double days) {
        double v = days / daysPerUnit;
        BigDecimal b = BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.scale() <= 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }
}
