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

    /**
     * One monitor process backfills a small cohort, is killed with {@code kill -9} and restarted: the bench itself
     * fails unless both the backfill's and the restart's API results equal {@code analyze} of the same events
     * (every analysis), so exit 0 says they did; the figures must be there and positive.
     */
    @Test
    void scaleRunsBackfillAndKillAndRestartToResultsEqualToAnalyze(@TempDir Path dir) {
        Path data = dir.resolve("scale-data");
        String text = bench("--scale", "--patients", "2000", "--monitor-heap", "512m", "--debounce-ms", "200",
                "--steady-events", "3000", "--steady-rate", "1000", "--data-dir", data.toString(), "--keep");
        assertThat(number(text, "patients")).isEqualTo(2000);
        assertThat(number(text, "instances")).isEqualTo(1);
        // 1 % of the patients are held back for the restart, so the backfill has fewer events than the cohort.
        double backfilled = number(text, "backfill events");
        double afterKill = number(text, "events sent after the kill");
        assertThat(backfilled).isPositive();
        assertThat(afterKill).isPositive().isLessThan(backfilled / 20);
        assertThat(number(text, "backfill s")).isGreaterThan(number(text, "monitor ready s"));
        for (String figure : new String[] {"backfill events/s", "cpu us/event", "live heap bytes/patient",
                "peak RSS bytes/patient", "restart to correct publication s", "state-store bytes/patient"}) {
            assertThat(number(text, figure)).as(figure).isPositive().isFinite();
        }
        // The steady phase: at least the events asked (whole patients), of new patients, offered near the rate asked;
        // its CPU per event is the thread groups' sum, and more until the publication than until processed.
        assertThat(number(text, "steady events")).isBetween(3000.0, 3020.0);
        assertThat(number(text, "steady patients held before")).isEqualTo(1980);
        assertThat(number(text, "steady patients added")).isPositive();
        assertThat(number(text, "steady offered events/s")).isBetween(900.0, 1100.0);
        assertThat(number(text, "steady s to publication")).isGreaterThanOrEqualTo(number(text, "steady s"));
        double steady = number(text, "steady cpu us/event");
        assertThat(steady).isPositive().isFinite();
        assertThat(number(text, "steady cpu us/event to publication")).isGreaterThanOrEqualTo(steady);
        assertThat(number(text, "steady cpu us/event less JIT")).isPositive().isLessThanOrEqualTo(steady);
        Matcher groups = Pattern.compile("(?m)^steady cpu us/event by thread group: (.+)$").matcher(text);
        assertThat(groups.find()).isTrue();
        double sum = 0;
        for (String g : groups.group(1).split("; ")) {
            sum += Double.parseDouble(g.substring(g.lastIndexOf(' ') + 1));
        }
        assertThat(sum).isCloseTo(steady, within(0.01 * 12)); // each group rounded to 0.01
        assertThat(groups.group(1)).startsWith("front stream threads ").contains("; ended or unnamed threads ");
        assertThat(data.resolve("monitor-0-threads-steady-processed.txt")).exists();
        // The peak resident set holds the heap in use (and more).
        assertThat(number(text, "peak RSS MB")).isGreaterThan(number(text, "live heap MB"));
        assertThat(text).contains("options: --scale --patients 2000 --instances 1 --debounce-ms 200 --monitor-heap 512m"
                + " --steady-events 3000 --steady-rate 1000");
        // Both monitor processes wrote their logs where --keep leaves them.
        assertThat(data.resolve("monitor-0.log")).exists();
        assertThat(data.resolve("monitor-0-restarted.log")).exists();
    }

    /** Two monitor processes split the partitions; the bench fails unless both APIs serve what analyze computes. */
    @Test
    void scaleWithTwoInstancesServesTheBatchResultsFromEitherApi(@TempDir Path dir) {
        String text = bench("--scale", "--instances", "2", "--patients", "1000", "--monitor-heap", "512m",
                "--steady-events", "2000", "--steady-rate", "2000", "--data-dir", dir.resolve("two").toString());
        assertThat(number(text, "instances")).isEqualTo(2);
        assertThat(number(text, "events sent after the kill")).isZero();
        assertThat(number(text, "backfill events/s")).isPositive().isFinite();
        assertThat(number(text, "state-store bytes/patient")).isPositive();
        // The steady phase runs on both monitors (their CPU summed), both APIs checked equal to analyze.
        assertThat(number(text, "steady patients held before")).isEqualTo(1000);
        assertThat(number(text, "steady cpu us/event")).isPositive().isFinite();
        // No restart with two instances: the figure says it was not measured.
        assertThat(text).contains("restart to correct publication s: NaN");
    }

    @Test
    void scaleRefusesABadSteadyRateAndSteadyOptionsWithoutScale() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err))
                .execute("--scale", "--steady-rate", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--steady-rate must be 1..1000000 events/s, was 0");
        err = new StringWriter();
        exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err)).execute("--steady-events", "10");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("need --scale");
    }

    @Test
    void scaleRefusesAThirdInstance() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err))
                .execute("--scale", "--instances", "3");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--instances");
    }

    private static String bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        return out.toString();
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
