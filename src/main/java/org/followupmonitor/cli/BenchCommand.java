package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.followupmonitor.bench.BenchResult;
import org.followupmonitor.bench.BenchSettings;
import org.followupmonitor.bench.PipelineBench;
import org.followupmonitor.runtime.KafkaQuietLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code followup-monitor bench}: producer rate, exactly-once pipeline rate and latency on a fresh embedded broker. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measure, in one run on a fresh embedded broker and schema registry:",
            "  raw-producer events/s: the idempotent producer (acks=all) sending the synthetic cohort's events to a"
                    + " scratch topic, until all are acknowledged (after one untimed warm-up pass).",
            "  pipeline events/s: the same events sent to patient-events with the monitor running"
                    + " (exactly_once_v2, debounce 200 ms, privacy off), from the first send until a published"
                    + " os-by-arm result includes the last event.",
            "  latency p50/p99 ms: fresh events offered at --rate for --seconds; every 100 ms a sample records"
                    + " (time, events sent so far = k); its latency is the time until the first os-by-arm result"
                    + " that includes the k-th event.",
            "A result counts as including event k when it is published after an earlier publication at which the"
                    + " monitor's processed counter (read on the publishing stream thread) had already passed k:"
                    + " the timeline stage hands changes to the cohort stage through a transactional repartition"
                    + " topic, so the publication that first sees the count may not contain the event yet, the next"
                    + " one does. The estimate is conservative by at most one debounce interval (200 ms).",
            "Also prints the state-store bytes per patient (the state directory's files after a clean close,"
                    + " divided by the patients held) and the options used. Exit 2 on bad options."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--patients", defaultValue = "20000",
            description = "Synthetic patients whose events the rate phases send (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--rate", defaultValue = "10000",
            description = "Offered load in the latency phase, events/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "20",
            description = "Length of the latency phase in seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--data-dir",
            description = "New or empty directory for broker, registry and state (default: a temporary directory)."
                    + " Deleted afterwards unless --keep.")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the data directory after the run.")
    boolean keep;

    @Option(names = "--debounce-ms", defaultValue = "100", paramLabel = "MS",
            description = "The monitor's debounce: changed analyses are recomputed and published this often; "
                    + "shorter lowers latency and costs throughput (default: ${DEFAULT-VALUE}; `run` defaults to 1000).")
    int debounceMillis;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchSettings settings;
        try {
            settings = new BenchSettings(patients, rate, seconds, dataDir, keep, debounceMillis);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.flush();
            return 2;
        }
        KafkaQuietLogging.apply();
        BenchResult r;
        try {
            r = new PipelineBench(settings, err).run();
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.print(r.lines());
        out.printf(Locale.ROOT, "events per rate phase: %d (%d patients); latency phase: %d events offered at %d/s "
                + "(achieved %.1f/s), %d samples%n", r.events(), r.patients(), r.latencyEvents(), settings.rate(),
                r.achievedRate(), r.latencySamples());
        out.printf(Locale.ROOT, "state store: %d bytes for %d patients%n", r.stateBytes(), r.statePatients());
        out.printf(Locale.ROOT, "warm-up passes before timing: %d%n", r.warmUpPasses());
        out.printf("options: --patients %d --rate %d --seconds %d --debounce-ms %d --data-dir %s%s%n",
                settings.patients(), settings.rate(), settings.seconds(), settings.debounceMillis(),
                settings.dataDir() == null ? "(temporary)" : settings.dataDir(), settings.keep() ? " --keep" : "");
        out.flush();
        return 0;
    }
}
