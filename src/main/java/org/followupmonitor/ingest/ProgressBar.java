package org.followupmonitor.ingest;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A replay progress display: percentage of events, rate and ETA, and the event date reached. On a terminal
 * the line is redrawn in place with a carriage return (at most 10 times a second); otherwise (a log file,
 * CI) a full line is printed every few seconds so the log stays readable. Prints no patient data.
 */
public final class ProgressBar implements ReplayProgress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final long lineIntervalNanos;
    private final long start;
    private long lastDrawn = Long.MIN_VALUE;
    private long emitted;
    private long total;
    private LocalDate date;

    /**
     * @param out           where to draw (standard error)
     * @param terminal      redraw in place (true) or print lines (false)
     * @param nanoClock     a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param lineIntervalSeconds seconds between lines when not on a terminal; positive
     */
    public ProgressBar(PrintWriter out, boolean terminal, LongSupplier nanoClock, double lineIntervalSeconds) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (!(lineIntervalSeconds > 0)) {
            throw new IllegalArgumentException("lineIntervalSeconds " + lineIntervalSeconds + ": must be positive");
        }
        this.lineIntervalNanos = (long) (lineIntervalSeconds * 1e9);
        this.start = nanoClock.getAsLong();
    }

    /** For standard error: in place when a console is attached, else a line every 5 seconds. */
    public static ProgressBar forStderr(PrintWriter err) {
        return new ProgressBar(err, System.console() != null, System::nanoTime, 5.0);
    }

    @Override
    public void onProgress(long emitted, long total, LocalDate clockDate) {
        this.emitted = emitted;
        this.total = total;
        this.date = clockDate;
        long now = nanoClock.getAsLong();
        long interval = terminal ? REDRAW_NANOS : lineIntervalNanos;
        if (lastDrawn == Long.MIN_VALUE ? now - start >= interval : now - lastDrawn >= interval) {
            draw(now, false);
        }
    }

    /** Draws the final state and ends the line. */
    public void finish() {
        if (total > 0 || lastDrawn != Long.MIN_VALUE) {
            draw(nanoClock.getAsLong(), true);
        }
    }

    private void draw(long now, boolean last) {
        lastDrawn = now;
        String line = render(emitted, total, date, (now - start) / 1e9);
        if (terminal) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** One progress line, e.g. {@code [#######.......]  42.0%  12345/29000 events  8123 events/s  ETA 0:02  2015-03-01}. */
    static String render(long emitted, long total, LocalDate date, double elapsedSeconds) {
        double fraction = total == 0 ? 1.0 : (double) emitted / total;
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder b = new StringBuilder(100).append('[');
        b.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
        b.append(String.format(Locale.ROOT, " %5.1f%%  %d/%d events", 100 * fraction, emitted, total));
        if (elapsedSeconds > 0 && emitted > 0) {
            double rate = emitted / elapsedSeconds;
            b.append(String.format(Locale.ROOT, "  %.0f events/s  ETA %s", rate,
                    clock(Math.round((total - emitted) / rate))));
        } else {
            b.append("  ETA --:--");
        }
        if (date != null) {
            b.append("  ").append(date);
        }
        return b.toString();
    }

    private static String clock(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
