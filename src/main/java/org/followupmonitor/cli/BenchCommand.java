package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.followupmonitor.bench.BenchResult;
import org.followupmonitor.bench.BenchSettings;
import org.followupmonitor.bench.PipelineBench;
import org.followupmonitor.bench.ScaleBench;
import org.followupmonitor.bench.ScaleResult;
import org.followupmonitor.bench.ScaleSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code followup-monitor bench}: producer rate, exactly-once pipeline rate and latency on a fresh embedded broker. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "producer rate, exactly-once pipeline rate and latency on a fresh embedded broker; with --scale, backfill, "
                + "memory, restart and two instances at a given cohort size",
        description = {
            "Measures, in one run on a fresh embedded broker and schema registry (README, \"bench\", explains each "
                    + "figure):",
            "  raw-producer events/s     the idempotent producer (acks=all) sending the synthetic cohort's events to a"
                    + " scratch topic, after one untimed warm-up pass;",
            "  timeline-floor events/s   a Kafka Streams application that only decodes each event and keeps the"
                    + " patient's timeline, with the monitor's exactly-once settings: a ceiling for the pipeline;",
            "  pipeline events/s         the same events to patient-events with the monitor running (exactly_once_v2,"
                    + " --debounce-ms, privacy off), after warm-up passes until the JIT settles (at most 3): first"
                    + " send until a published os-by-arm result includes the last event;",
            "  ratio                     pipeline / raw;",
            "  latency p50/p99 ms        fresh events offered at --rate for --seconds; every 100 ms a sample records"
                    + " the events sent so far per partition, and its latency is the time until the first os-by-arm"
                    + " result that includes them all (each published result carries the input offsets it reflects);",
            "  state-store bytes/patient the state directory's files after a clean close, per patient held.",
            "Then the event counts, the achieved offered rate, the warm-up passes and the options used; progress notes "
                    + "go to standard error.",
            "With --scale, instead: the cohort is sent to patient-events first, then `followup-monitor run` starts in"
                    + " --instances child JVMs; printed are the time until every instance's API serves an os-by-arm"
                    + " result equal to analyze of the same events (backfill), CPU time per event, heap in use after"
                    + " a full GC and peak resident set (per patient), and the state store per patient; with one"
                    + " instance also the time from a restart after kill -9 (the last 1%% of patients sent meanwhile)"
                    + " until its API serves the result equal to analyze of all events. Between the two, a steady"
                    + " phase offers --steady-events events of new patients at --steady-rate to the warm monitor(s):"
                    + " CPU time per event until all are processed and until the equal result is served, also by"
                    + " thread group."})
public final class BenchCommand extends CliCommand {


    @Option(names = "--patients", defaultValue = "20000", paramLabel = "P",
            description = "Synthetic patients whose events the rate phases send; with --scale, the cohort (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--rate", defaultValue = "10000", paramLabel = "R",
            description = "Offered load in the latency phase, events/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", paramLabel = "S",
            description = "Length of the latency phase in seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "New or empty directory for broker, registry and state (default: a temporary directory)."
                    + " Deleted afterwards unless --keep.")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the data directory after the run (with --scale, also each"
            + " monitor's class histogram after the backfill's full GC, monitor-N-histogram.txt).")
    boolean keep;

    @Option(names = "--debounce-ms", defaultValue = "100", paramLabel = "MS",
            description = "The monitor's debounce: changed analyses are recomputed and published this often; "
                    + "shorter lowers latency and costs throughput (default: ${DEFAULT-VALUE}; run's is 1000).")
    int debounceMillis;

    @Option(names = "--cpu-by-thread", description = "Also note (stderr) the CPU time per event of each group of "
            + "threads (the floor's and the monitor's stream threads, their helpers, the broker and others, GC and JIT) "
            + "in the floor's and the pipeline's timed passes and the latency phase.")
    boolean cpuByThread;

    @Option(names = "--scale", description = "Measure the monitor at scale in child processes (see above) instead of "
            + "the rates and latency.")
    boolean scale;

    @Option(names = "--instances", defaultValue = "1", paramLabel = "N",
            description = "With --scale: monitor processes sharing the partitions, 1 (backfill, kill -9, restart) "
                    + "or 2 (backfill split between them; both APIs checked) (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--monitor-heap", defaultValue = ScaleSettings.DEFAULT_MONITOR_HEAP, paramLabel = "SIZE",
            description = "With --scale: each monitor process's maximum heap, as for -Xmx (default: ${DEFAULT-VALUE}).")
    String monitorHeap;

    @Option(names = "--monitor-jvm-option", paramLabel = "OPT",
            description = "With --scale: a further option for the monitor processes' JVMs, e.g. "
                    + "-XX:StartFlightRecording=filename=m.jfr; repeatable.")
    List<String> monitorJvmOptions = new ArrayList<>();

    @Option(names = "--steady-events", defaultValue = "" + ScaleSettings.DEFAULT_STEADY_EVENTS, paramLabel = "E",
            description = "With --scale: events of new patients offered to the warm monitor(s) after the backfill, the "
                    + "same at every --patients (whole patients, so a few more); 0 skips the phase "
                    + "(default: ${DEFAULT-VALUE}).")
    int steadyEvents;

    @Option(names = "--steady-rate", defaultValue = "" + ScaleSettings.DEFAULT_STEADY_RATE, paramLabel = "R",
            description = "With --scale: the rate they are offered at, events/s (default: ${DEFAULT-VALUE}).")
    int steadyRate;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        if (scale) {
            return scale(out, err);
        }
        if (instances != ScaleSettings.DEFAULT_INSTANCES || !monitorJvmOptions.isEmpty()
                || !ScaleSettings.DEFAULT_MONITOR_HEAP.equals(monitorHeap)
                || steadyEvents != ScaleSettings.DEFAULT_STEADY_EVENTS || steadyRate != ScaleSettings.DEFAULT_STEADY_RATE) {
            throw CliError.unusable("--instances, --monitor-heap, --monitor-jvm-option, --steady-events and "
                    + "--steady-rate need --scale");
        }
        BenchSettings settings;
        try {
            settings = new BenchSettings(patients, rate, seconds, dataDir, keep, debounceMillis, cpuByThread);
        } catch (IllegalArgumentException e) {
            throw CliError.unusable(e.getMessage());
        }
        BenchResult r;
        try {
            r = new PipelineBench(settings, err).run();
        } catch (IllegalArgumentException e) {
            throw CliError.unusable(e.getMessage());
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
        return ExitCode.OK.code();
    }

    private int scale(PrintWriter out, PrintWriter err) throws Exception {
        ScaleSettings settings;
        ScaleResult r;
        try {
            settings = new ScaleSettings(patients, instances, dataDir, keep, debounceMillis, monitorHeap,
                    monitorJvmOptions, steadyEvents, steadyRate);
            r = new ScaleBench(settings, err).run();
        } catch (IllegalArgumentException e) {
            throw CliError.unusable(e.getMessage());
        }
        out.print(r.lines());
        out.printf(Locale.ROOT, "events sent after the kill: %d%n", r.tailEvents());
        out.printf("options: --scale --patients %d --instances %d --debounce-ms %d --monitor-heap %s%s --steady-events %d"
                + " --steady-rate %d --data-dir %s%s%n",
                settings.patients(), settings.instances(), settings.debounceMillis(), settings.monitorHeap(),
                settings.jvmOptions().stream().map(o -> " --monitor-jvm-option " + o).reduce("", String::concat),
                settings.steadyEvents(), settings.steadyRate(),
                settings.dataDir() == null ? "(temporary)" : settings.dataDir(), settings.keep() ? " --keep" : "");
        out.flush();
        return ExitCode.OK.code();
    }
}
