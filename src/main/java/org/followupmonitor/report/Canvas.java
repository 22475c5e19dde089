package org.followupmonitor.report;

import java.awt.Color;

/**
 * The drawing operations a Kaplan-Meier figure needs; {@link KmPainter} issues them once and the
 * SVG and PNG back ends carry them out, so both formats show the same thing.
 */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    /** Opens a logical group (an SVG {@code <g>}); {@code series} may be null. */
    void begin(String cssClass, String series);

    void end();

    void line(double x1, double y1, double x2, double y2, Color color, double width, String cssClass);

    /** An open polyline through the points {x0, y0, x1, y1, …}. */
    void polyline(double[] xy, Color color, double width, String cssClass);

    /** A closed filled polygon through {x0, y0, …}. */
    void polygon(double[] xy, Color fill, double opacity, String cssClass);

    void rect(double x, double y, double w, double h, Color fill, double fillOpacity, Color stroke,
              String cssClass);

    /** A "+" censor mark centred on (x, y). */
    void plus(double x, double y, double arm, Color color, double width, String cssClass);

    void text(double x, double y, String text, double size, boolean bold, Color color, Anchor anchor,
              String cssClass);

    /** Text rotated 90° counter-clockwise about (x, y), centred there. */
    void verticalText(double x, double y, String text, double size, Color color, String cssClass);
}
