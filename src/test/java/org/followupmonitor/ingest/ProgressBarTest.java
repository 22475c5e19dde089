package org.followupmonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private long now;

    @Test
    void withoutATerminalPrintsAWholeLineEveryIntervalAndAtTheEnd() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, () -> now, 5.0);
        LocalDate d = LocalDate.of(2016, 3, 1);
        for (int i = 1; i <= 100; i++) {
            now += 200_000_000L; // 0.2 s per event: 20 s in all
            bar.onProgress(i, 100, d);
        }
        bar.finish();
        String out = text.toString();
        assertThat(out).doesNotContain("\r");
        // Lines at 5, 10, 15, 20 s, plus the final one.
        assertThat(out.lines()).hasSize(5);
        assertThat(out.lines().findFirst().orElseThrow()).contains(" 25.0%  25/100 events").contains("5 events/s")
                .contains("ETA 0:15").contains("2016-03-01");
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow()).contains("100.0%  100/100 events")
                .contains("ETA 0:00");
    }

    @Test
    void onATerminalRedrawsInPlaceAtMostTenTimesASecond() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, () -> now, 5.0);
        for (int i = 1; i <= 1000; i++) {
            now += 1_000_000L; // 1 ms per event: 1 s in all
            bar.onProgress(i, 1000, LocalDate.of(2016, 3, 1));
        }
        bar.finish();
        String out = text.toString();
        long redraws = out.chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(10L, 11L);
        assertThat(out).endsWith(System.lineSeparator()).contains("100.0%  1000/1000 events  1000 events/s");
        // One line, redrawn: the only newline is the final one (String.lines() would split at '\r' too).
        assertThat(out.indexOf('\n')).isEqualTo(out.length() - 1);
    }

    @Test
    void rendersABarProportionalToTheShareSent() {
        String half = ProgressBar.render(50, 100, null, 10.0);
        assertThat(half).startsWith("[" + "#".repeat(15) + ".".repeat(15) + "]").contains(" 50.0%")
                .contains("ETA 0:10");
        assertThat(ProgressBar.render(0, 100, null, 0.0)).contains("ETA --:--");
        assertThat(ProgressBar.render(1, 3600 * 2 + 1, null, 1.0)).contains("ETA 2:00:00");
    }
}
