package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code bench} in-process on tiny settings and checks its printed figures are coherent (no timed assertions). */
class BenchCommandIT {

    @BeforeAll
    static void trustAvroClasses() {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.followupmonitor");
    }

    @Test
    void shouldPrintPositiveRatesARatioOfThemAndOrderedPercentiles(@TempDir Path dir) {
        Path data = dir.resolve("bench-data");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--patients", "200", "--rate", "500", "--seconds", "3", "--debounce-ms", "300",
                        "--data-dir", data.toString());

        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        String text = out.toString();
        double raw = number(text, "raw-producer events/s");
        double floor = number(text, "timeline-floor events/s");
        double pipeline = number(text, "pipeline events/s");
        double ratio = number(text, "ratio");
        double p50 = number(text, "latency p50 ms");
        double p99 = number(text, "latency p99 ms");
        double perPatient = number(text, "state-store bytes/patient");
        assertThat(raw).isPositive();
        assertThat(floor).isPositive();
        assertThat(pipeline).isPositive();
        // The ratio is printed to 4 decimals, the rates to 1: compare within that rounding.
        assertThat(ratio).isCloseTo(pipeline / raw, within(1e-4 + ratio * 1e-3));
        assertThat(p50).isPositive();
        assertThat(p99).isGreaterThanOrEqualTo(p50);
        assertThat(perPatient).isPositive();
        assertThat(text).contains("options: --patients 200 --rate 500 --seconds 3 --debounce-ms 300 --data-dir " + data);
        // Without --keep the data directory is deleted afterwards.
        assertThat(Files.exists(data)).isFalse();
    }

    @Test
    void shouldRejectBadOptionsWithExitTwoAndNameTheOption() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err)).execute("--rate", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--rate");
    }

    @Test
    void shouldRefuseANonEmptyDataDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err))
                .execute("--patients", "10", "--data-dir", dir.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("not empty");
        assertThat(dir.resolve("precious.txt")).exists();
    }

    private static double number(String text, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + ": (\\S+)$").matcher(text);
        assertThat(m.find()).as("line '%s: …' in%n%s", label, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
