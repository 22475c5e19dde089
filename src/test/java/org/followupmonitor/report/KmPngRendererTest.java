package org.followupmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmPngRendererTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static int countPixels(BufferedImage img, Color c, int x0, int y0, int x1, int y1) {
        int rgb = c.getRGB() & 0xFFFFFF;
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void decodesAtTheRequestedSizeWithEachDrawnSeriesColourInThePlotAndNoneOfTheSuppressed() throws Exception {
        KmPlotSpec spec = KmSvgRendererTest.sample();
        byte[] png = KmPngRenderer.render(spec);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(960);
        assertThat(img.getHeight()).isEqualTo(680);
        KmLayout l = new KmLayout(spec);
        int left = (int) l.plotLeft;
        int top = (int) l.plotTop;
        int right = (int) l.plotRight;
        int bottom = (int) l.plotBottom;
        // curves are wide enough for fully covered pixels of the exact colour inside the plot area;
        // the legend box is excluded so the swatch alone cannot satisfy this
        for (int i = 0; i < 2; i++) {
            int inPlot = countPixels(img, KmPalette.colour(i), left, top, right, bottom)
                    - countPixels(img, KmPalette.colour(i), (int) l.legendX, (int) l.legendY,
                    (int) (l.legendX + l.legendWidth) + 1, (int) (l.legendY + l.legendHeight) + 1);
            assertThat(inPlot).as("pixels of series %d", i).isGreaterThan(200);
        }
        assertThat(countPixels(img, KmPalette.colour(2), 0, 0, img.getWidth(), img.getHeight())).isZero();
        // at-risk labels are drawn in the series colour below the plot
        assertThat(countPixels(img, KmPalette.colour(0), 0, bottom + 60, left, img.getHeight())).isPositive();
    }

    @Test
    void sameSpecGivesIdenticalBytesAndScaleMultipliesTheSize() throws Exception {
        KmPlotSpec spec = KmSvgRendererTest.sample();
        assertThat(KmPngRenderer.render(spec)).isEqualTo(KmPngRenderer.render(spec));
        BufferedImage twice = KmPngRenderer.renderImage(spec, 2.0);
        assertThat(twice.getWidth()).isEqualTo(1920);
        assertThat(twice.getHeight()).isEqualTo(1360);
        assertThatThrownBy(() -> KmPngRenderer.renderImage(spec, 0.5)).hasMessageContaining("scale");
    }

    @Test
    void writesAFileImageIoCanRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/km.png");
        KmPngRenderer.write(KmSvgRendererTest.sample(), file);
        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(960);
        Path svg = dir.resolve("km.svg");
        KmSvgRenderer.write(KmSvgRendererTest.sample(), svg);
        assertThat(Files.readString(svg)).startsWith("<?xml");
        List<Path> both = KmFigures.write(KmSvgRendererTest.sample(), dir.resolve("figs"), "os-by-arm");
        assertThat(both).extracting(p -> p.getFileName().toString()).containsExactly("os-by-arm.svg", "os-by-arm.png");
        assertThat(ImageIO.read(both.get(1).toFile()).getHeight()).isEqualTo(680);
        assertThat(Files.readString(both.get(0))).isEqualTo(KmSvgRenderer.render(KmSvgRendererTest.sample()));
        assertThatThrownBy(() -> KmFigures.write(KmSvgRendererTest.sample(), dir, "../escape"))
                .hasMessageContaining("base name");
    }
}
