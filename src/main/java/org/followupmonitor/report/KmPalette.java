package org.followupmonitor.report;

import java.awt.Color;

/**
 * Series colours: the Okabe-Ito palette (Okabe &amp; Ito 2008, "Color Universal Design"), which
 * stays distinguishable under the common colour-vision deficiencies. Ordered so the first
 * colours contrast most on white; yellow comes last because it is weak on white.
 * Axes and text use {@link #INK}, which is none of these, so a series colour appears in a
 * figure only where that series is drawn.
 */
public final class KmPalette {
    private static final String[] HEX = {
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow
    };
    /** Axes, ticks and text. */
    public static final Color INK = new Color(0x22, 0x22, 0x22);
    /** Suppressed-series text. */
    public static final Color MUTED = new Color(0x76, 0x76, 0x76);
    /** Horizontal grid lines. */
    public static final Color GRID = new Color(0xE3, 0xE3, 0xE3);

    private KmPalette() {
    }

    /** Number of distinct colours. */
    public static int size() {
        return HEX.length;
    }

    /**
     * @param index series position, 0 … size() - 1
     * @throws IllegalArgumentException if the index is outside the palette
     */
    public static Color colour(int index) {
        return Color.decode(hex(index));
    }

    /**
     * @param index series position, 0 … size() - 1
     * @throws IllegalArgumentException if the index is outside the palette
     */
    public static String hex(int index) {
        if (index < 0 || index >= HEX.length) {
            throw new IllegalArgumentException("palette index must be 0.." + (HEX.length - 1) + ", got " + index);
        }
        return HEX[index];
    }
}
