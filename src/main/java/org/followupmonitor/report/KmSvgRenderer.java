package org.followupmonitor.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Kaplan-Meier figure as a standalone SVG 1.1 document, built as text (no library). The output
 * is a pure function of the spec: coordinates are printed with two decimals in
 * {@link Locale#ROOT}, whatever the machine's locale.
 *
 * <p>Elements carry classes for styling and for tests: {@code km-curve} (one path per drawn
 * series, {@code data-series} on its group), {@code km-ci}, {@code censor-mark},
 * {@code x-tick}/{@code x-tick-label}, {@code at-risk-row} (one per series) with
 * {@code at-risk-label} and {@code at-risk-count} or {@code at-risk-suppressed}, {@code legend-label}.
 */
public final class KmSvgRenderer {
    private KmSvgRenderer() {
    }

    /**
     * @param spec a validated figure spec
     * @return the SVG document, UTF-8 text with an XML declaration
     * @throws NullPointerException if spec is null
     */
    public static String render(KmPlotSpec spec) {
        SvgCanvas c = new SvgCanvas(spec);
        KmPainter.paint(spec, c);
        return c.finish();
    }

    /**
     * Writes {@link #render(KmPlotSpec)} to a file as UTF-8, creating parent directories.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(KmPlotSpec spec, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(spec), StandardCharsets.UTF_8);
    }

    private static final class SvgCanvas implements Canvas {
        private final StringBuilder b = new StringBuilder(64 * 1024);
        private int depth = 1;

        SvgCanvas(KmPlotSpec spec) {
            b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(spec.width())
                    .append("\" height=\"").append(spec.height()).append("\" viewBox=\"0 0 ").append(spec.width())
                    .append(' ').append(spec.height())
                    .append("\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n");
            b.append("  <title>").append(escape(spec.title().isEmpty() ? "Kaplan-Meier curves" : spec.title()))
                    .append("</title>\n");
        }

        String finish() {
            b.append("</svg>\n");
            return b.toString();
        }

        private StringBuilder indent() {
            return b.append("  ".repeat(depth));
        }

        @Override
        public void begin(String cssClass, String series) {
            indent().append("<g class=\"").append(cssClass).append('"');
            if (series != null) {
                b.append(" data-series=\"").append(escape(series)).append('"');
            }
            b.append(">\n");
            depth++;
        }

        @Override
        public void end() {
            depth--;
            indent().append("</g>\n");
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color color, double width, String cssClass) {
            indent().append("<line class=\"").append(cssClass).append("\" x1=\"").append(f(x1))
                    .append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2)).append("\" y2=\"")
                    .append(f(y2)).append("\" stroke=\"").append(hex(color)).append("\" stroke-width=\"")
                    .append(f(width)).append("\"/>\n");
        }

        @Override
        public void polyline(double[] xy, Color color, double width, String cssClass) {
            indent().append("<path class=\"").append(cssClass).append("\" d=\"").append(pathData(xy, false))
                    .append("\" fill=\"none\" stroke=\"").append(hex(color)).append("\" stroke-width=\"")
                    .append(f(width)).append("\" stroke-linejoin=\"miter\" stroke-linecap=\"butt\"/>\n");
        }

        @Override
        public void polygon(double[] xy, Color fill, double opacity, String cssClass) {
            indent().append("<path class=\"").append(cssClass).append("\" d=\"").append(pathData(xy, true))
                    .append("\" fill=\"").append(hex(fill)).append("\" fill-opacity=\"").append(f(opacity))
                    .append("\" stroke=\"none\"/>\n");
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill, double fillOpacity, Color stroke,
                         String cssClass) {
            indent().append("<rect class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"")
                    .append(f(y)).append("\" width=\"").append(f(w)).append("\" height=\"").append(f(h))
                    .append("\" fill=\"").append(hex(fill)).append('"');
            if (fillOpacity < 1.0) {
                b.append(" fill-opacity=\"").append(f(fillOpacity)).append('"');
            }
            b.append(" stroke=\"").append(stroke == null ? "none" : hex(stroke)).append("\"/>\n");
        }

        @Override
        public void plus(double x, double y, double arm, Color color, double width, String cssClass) {
            indent().append("<path class=\"").append(cssClass).append("\" d=\"M").append(f(x - arm)).append(' ')
                    .append(f(y)).append("H").append(f(x + arm)).append("M").append(f(x)).append(' ')
                    .append(f(y - arm)).append("V").append(f(y + arm)).append("\" stroke=\"").append(hex(color))
                    .append("\" stroke-width=\"").append(f(width)).append("\" fill=\"none\"/>\n");
        }

        @Override
        public void text(double x, double y, String text, double size, boolean bold, Color color, Anchor anchor,
                         String cssClass) {
            indent().append("<text class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"")
                    .append(f(y)).append("\" font-size=\"").append(f(size)).append('"');
            if (bold) {
                b.append(" font-weight=\"bold\"");
            }
            if (anchor != Anchor.START) {
                b.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
            }
            b.append(" fill=\"").append(hex(color)).append("\">").append(escape(text)).append("</text>\n");
        }

        @Override
        public void verticalText(double x, double y, String text, double size, Color color, String cssClass) {
            indent().append("<text class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"")
                    .append(f(y)).append("\" font-size=\"").append(f(size)).append("\" text-anchor=\"middle\"")
                    .append(" transform=\"rotate(-90 ").append(f(x)).append(' ').append(f(y)).append(")\" fill=\"")
                    .append(hex(color)).append("\">").append(escape(text)).append("</text>\n");
        }

        private static String pathData(double[] xy, boolean close) {
            StringBuilder d = new StringBuilder(xy.length * 8);
            for (int i = 0; i < xy.length; i += 2) {
                d.append(i == 0 ? "M" : "L").append(f(xy[i])).append(' ').append(f(xy[i + 1]));
            }
            if (close) {
                d.append('Z');
            }
            return d.toString();
        }

        private static String hex(Color c) {
            return String.format(Locale.ROOT, "#%02X%02X%02X", c.getRed(), c.getGreen(), c.getBlue());
        }
    }

    /** Two decimals, root locale, no "-0.00". */
    static String f(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.equals("-0.00") ? "0.00" : s;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // characters XML 1.0 forbids are dropped rather than producing an unreadable file
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
