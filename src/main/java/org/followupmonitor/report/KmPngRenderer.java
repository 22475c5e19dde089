package org.followupmonitor.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Kaplan-Meier figure as a PNG drawn with Java2D; works headless (no display needed). Same
 * geometry as {@link KmSvgRenderer}. Deterministic for a given spec, scale and JVM.
 */
public final class KmPngRenderer {
    private KmPngRenderer() {
    }

    /**
     * @param spec a validated figure spec
     * @return an RGB image of {@code spec.width()} × {@code spec.height()} pixels
     */
    public static BufferedImage renderImage(KmPlotSpec spec) {
        return renderImage(spec, 1.0);
    }

    /**
     * @param spec  a validated figure spec
     * @param scale pixel density factor, 1 … 4 (2 gives a print-resolution image of the same layout)
     * @return an RGB image of {@code round(width·scale)} × {@code round(height·scale)} pixels
     * @throws IllegalArgumentException if scale is outside 1 … 4
     */
    public static BufferedImage renderImage(KmPlotSpec spec, double scale) {
        if (!(scale >= 1.0 && scale <= 4.0)) {
            throw new IllegalArgumentException("scale must be within 1..4, got " + scale);
        }
        int w = (int) Math.round(spec.width() * scale);
        int h = (int) Math.round(spec.height() * scale);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(scale, scale);
            KmPainter.paint(spec, new Java2dCanvas(g));
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * @return the PNG bytes of {@link #renderImage(KmPlotSpec)}
     * @throws IOException if encoding fails
     */
    public static byte[] render(KmPlotSpec spec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(spec, 1.0, out);
        return out.toByteArray();
    }

    /**
     * Encodes the figure as PNG to a stream (not closed).
     *
     * @throws IOException if encoding or writing fails
     */
    public static void write(KmPlotSpec spec, double scale, OutputStream out) throws IOException {
        if (!ImageIO.write(renderImage(spec, scale), "png", out)) {
            throw new IOException("no PNG writer available in this JRE");
        }
    }

    /**
     * Writes the PNG to a file, creating parent directories.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(KmPlotSpec spec, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(spec, 1.0, out);
        }
    }

    private static final class Java2dCanvas implements Canvas {
        private final Graphics2D g;

        Java2dCanvas(Graphics2D g) {
            this.g = g;
        }

        @Override
        public void begin(String cssClass, String series) {
            // groups are an SVG notion
        }

        @Override
        public void end() {
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color color, double width, String cssClass) {
            g.setColor(color);
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(double[] xy, Color color, double width, String cssClass) {
            g.setColor(color);
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            g.draw(path(xy, false));
        }

        @Override
        public void polygon(double[] xy, Color fill, double opacity, String cssClass) {
            g.setColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), (int) Math.round(opacity * 255)));
            g.fill(path(xy, true));
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill, double fillOpacity, Color stroke,
                         String cssClass) {
            Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
            g.setColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(),
                    (int) Math.round(fillOpacity * 255)));
            g.fill(r);
            if (stroke != null) {
                g.setColor(stroke);
                g.setStroke(new BasicStroke(1f));
                g.draw(r);
            }
        }

        @Override
        public void plus(double x, double y, double arm, Color color, double width, String cssClass) {
            g.setColor(color);
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            g.draw(new Line2D.Double(x - arm, y, x + arm, y));
            g.draw(new Line2D.Double(x, y - arm, x, y + arm));
        }

        @Override
        public void text(double x, double y, String text, double size, boolean bold, Color color, Anchor anchor,
                         String cssClass) {
            g.setFont(font(size, bold));
            g.setColor(color);
            FontMetrics fm = g.getFontMetrics();
            double w = fm.getStringBounds(text, g).getWidth();
            double dx = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
            g.drawString(text, (float) (x + dx), (float) y);
        }

        @Override
        public void verticalText(double x, double y, String text, double size, Color color, String cssClass) {
            g.setFont(font(size, false));
            g.setColor(color);
            double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2, x, y);
            g.drawString(text, (float) (x - w / 2), (float) y);
            g.setTransform(saved);
        }

        private static Font font(double size, boolean bold) {
            return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
        }

        private static Path2D path(double[] xy, boolean close) {
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i < xy.length; i += 2) {
                if (i == 0) {
                    p.moveTo(xy[0], xy[1]);
                } else {
                    p.lineTo(xy[i], xy[i + 1]);
                }
            }
            if (close) {
                p.closePath();
            }
            return p;
        }
    }
}
