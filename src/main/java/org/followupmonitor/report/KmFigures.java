package org.followupmonitor.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes a figure in both formats, as the {@code analyze --out DIR} output needs. */
public final class KmFigures {
    private KmFigures() {
    }

    /**
     * Writes {@code baseName.svg} and {@code baseName.png} into {@code dir} (created if missing).
     *
     * @param baseName file name without extension: letters, digits, '.', '_' and '-' only
     * @return the SVG and PNG paths, in that order
     * @throws IllegalArgumentException if baseName is empty or could leave the directory
     * @throws IOException              if a file cannot be written
     */
    public static List<Path> write(KmPlotSpec spec, Path dir, String baseName) throws IOException {
        if (baseName == null || !baseName.matches("[A-Za-z0-9._-]+") || baseName.startsWith(".")) {
            throw new IllegalArgumentException("figure base name must use letters, digits, '.', '_' and '-' and "
                    + "not start with '.', got '" + baseName + "'");
        }
        Path svg = dir.resolve(baseName + ".svg");
        Path png = dir.resolve(baseName + ".png");
        KmSvgRenderer.write(spec, svg);
        KmPngRenderer.write(spec, png);
        return List.of(svg, png);
    }
}
