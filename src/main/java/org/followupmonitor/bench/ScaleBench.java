package org.followupmonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.followupmonitor.alerts.SequentialMonitoring;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.followupmonitor.stream.Names;
import org.followupmonitor.synthetic.RegistryRow;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * The monitor at registry scale ({@code bench --scale}), on a fresh embedded broker and registry in this JVM
 * and the monitor(s) in child JVMs ({@link MonitorProcess}), so their heap, resident set and CPU are their own:
 * <ol>
 * <li>the synthetic cohort is written as a registry CSV and analysed by the batch path ({@code analyze}, privacy
 * off); with one instance the last 1 % of patients is held back for the restart, and analysed apart;</li>
 * <li>backfill: every other event is sent to {@code patient-events} first; then the monitor(s) start, and the
 * time runs until every instance's API serves an os-by-arm result equal to {@code analyze} of those events
 * (every analysis is then checked equal too). CPU time of the monitor process(es) from ready until then, per
 * event, and from the moment half of the events were processed until all were, per event processed meanwhile; heap in
 * use after a full GC (with {@code --keep}, also its class histogram, {@code monitor-N-histogram.txt} in the data
 * directory); peak resident set;</li>
 * <li>steady (unless {@code --steady-events 0}): once the monitors are quiet, about {@code --steady-events} events of
 * patients not in the cohort (the same slice at every size) are offered at {@code --steady-rate}; CPU time of the
 * monitor process(es) from the first send until every event is processed, and until every API serves an os-by-arm
 * result equal to {@code analyze} of the backfill's and these events (every analysis then checked), per event, and
 * split by thread group ({@link ThreadCpu#betweenProcessGroups}); also from the moment half of them were sent until
 * all were processed, per event processed meanwhile. A warm monitor at a fixed load: the backfill's
 * figures mix in start-up, JIT compilation and the work done per unit of time, which weigh less the longer the
 * backfill, so only this one compares the cost of an event across cohort sizes;</li>
 * <li>restart (one instance): {@code kill -9}, the held-back patients' events are sent, a new monitor starts on
 * the same state directory; the time runs until its API serves an os-by-arm result equal to {@code analyze} of
 * all events (the steady phase's included; so it is a publication made after the restart, reflecting input that
 * arrived after the kill), with two marks on the way: ready (stores restored, tasks initialised) and its first
 * os-by-arm publication;</li>
 * <li>the monitor(s) stop cleanly; the state directories' files are measured.</li>
 * </ol>
 * Equality is of the results' JSON trees, as the invariant tests compare them. No patient id is printed.
 */
public final class ScaleBench {
    static final Duration POLL = Duration.ofMillis(200);
    private static final String EQUAL_ANALYSIS = PipelineBench.TIMED_ANALYSIS;
    /**
     * The steady slice's cohort: the study's shape with a seed of its own, so its patients are not copies of the
     * cohort's; its ids are relabelled ({@link #steadyLine}) so they are new patients whatever the cohort's size.
     */
    static final long STEADY_SEED = StudyCohortParameters.EXAMPLE_SEED + 1;
    static final String STEADY_ID_PREFIX = "STEADY-";
    private static final String COHORT_ID_PREFIX = "SYN-";
    /** How often the end of the steady phase's processing is polled: its figure is per event, so it is kept short. */
    static final Duration STEADY_POLL = Duration.ofMillis(50);
    /** A monitor is quiet before the steady phase when it used less than this share of a core over a second. */
    static final double QUIET_CORES = 0.10;
    static final Duration QUIET_AT_MOST = Duration.ofSeconds(60);

    private final ScaleSettings settings;
    private final PrintWriter progress;

    /** @param progress where progress notes go (stderr for the command) */
    public ScaleBench(ScaleSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the phases and returns the figures; deletes the data directory afterwards unless asked to keep it.
     *
     * @throws IllegalArgumentException when the given data directory is not empty
     * @throws IllegalStateException    when sends fail, a monitor exits, or a result never equals the batch
     * @throws IOException              when files cannot be written or measured
     */
    public ScaleResult run() throws IOException, InterruptedException {
        Path dataDir = PipelineBench.prepareDataDir(settings.dataDir());
        try {
            return runIn(dataDir);
        } finally {
            if (!settings.keep()) {
                PipelineBench.deleteTree(dataDir);
            } else {
                note("kept data directory " + dataDir);
            }
        }
    }

    private ScaleResult runIn(Path dir) throws IOException, InterruptedException {
        int tailPatients = settings.tailPatients();
        List<String> steadyRows = List.of();
        Path steadyFile = dir.resolve("steady.csv");
        if (settings.steadyEvents() > 0) {
            steadyRows = steadySlice(dir.resolve("steady-candidates.csv"), settings.steadyEvents());
            writeRows(steadyFile, steadyRows);
        }
        note("generating " + settings.patients() + " synthetic patients (" + tailPatients + " held back; "
                + steadyRows.size() + " more for the steady phase)");
        Path all = dir.resolve("cohort.csv");
        Path head = dir.resolve("cohort-backfill.csv");
        Path tail = dir.resolve("cohort-after-kill.csv");
        Path headAndSteady = dir.resolve("cohort-backfill-and-steady.csv");
        writeCohort(all, head, tail, headAndSteady, settings.patients() - tailPatients, steadyRows);
        note("analyze (batch) of the backfilled events" + (steadyRows.isEmpty() ? "" : ", with the steady phase's")
                + (tailPatients == 0 ? "" : ", and of all events"));
        Map<String, JsonNode> expectedHead = batch(head);
        Map<String, JsonNode> expectedSteady = steadyRows.isEmpty() ? expectedHead : batch(headAndSteady);
        Map<String, JsonNode> expectedAll = tailPatients == 0 ? expectedSteady : batch(all);
        List<ClinicalEvent> steadyEvents = steadyRows.isEmpty() ? List.of() : events(steadyFile);
        Duration timeout = Duration.ofMinutes(10).plusSeconds(settings.patients() / 200);

        try (LocalKafkaStack stack = LocalKafkaStack.start(dir.resolve("kafka-and-registry"), "localhost", 0, 0)) {
            PipelineBench.createTopics(stack.bootstrapServers(), List.of(Names.PATIENT_EVENTS));
            note("sending the backfill's events");
            long events = send(stack, head);
            long tailEvents = 0;
            List<MonitorProcess> monitors = new ArrayList<>();
            try {
                note("starting " + settings.instances() + " monitor process(es)");
                for (int i = 0; i < settings.instances(); i++) {
                    monitors.add(start(stack, dir, i, "monitor-" + i + ".log"));
                }
                long t0 = monitors.get(0).startedAt();
                PipelineBench.waitFor(() -> monitors.stream().allMatch(MonitorProcess::ready), Duration.ofMinutes(3),
                        "the monitor did not report ready (see " + dir.resolve("monitor-0.log") + ")");
                long ready = System.nanoTime();
                long cpu0 = cpuNanos(monitors);
                note("backfill");
                SecondHalf secondHalf = new SecondHalf(monitors, events);
                long published = awaitEqual(monitors, expectedHead, timeout, secondHalf::poll);
                long cpu1 = cpuNanos(monitors);
                requireEveryAnalysisEqual(monitors, expectedHead);
                note("backfill published; full GC in the monitor(s)");
                long heap = 0;
                long rss = 0;
                for (int i = 0; i < monitors.size(); i++) {
                    MonitorProcess m = monitors.get(i);
                    heap += m.liveHeapBytes();
                    rss += m.peakRssBytes();
                    if (settings.keep()) {
                        // Kept with the data directory: what the live heap above consists of (objects by class).
                        Path histogram = dir.resolve("monitor-" + i + "-histogram.txt");
                        Files.writeString(histogram, m.classHistogram(), StandardCharsets.UTF_8);
                        note("class histogram after the backfill: " + histogram);
                    }
                }
                ScaleResult.Steady steady = ScaleResult.Steady.NONE;
                if (!steadyEvents.isEmpty()) {
                    steady = steady(stack, monitors, steadyEvents, steadyRows.size(),
                            settings.patients() - tailPatients, expectedSteady, timeout, dir);
                }
                ScaleResult.Restart restart = ScaleResult.Restart.NONE;
                if (tailPatients > 0) {
                    note("kill -9; sending the held-back patients' events; restarting");
                    monitors.get(0).kill();
                    tailEvents = send(stack, tail);
                    MonitorProcess again = start(stack, dir, 0, "monitor-0-restarted.log");
                    monitors.set(0, again);
                    // The phases: stores restored and tasks initialised (ready); the first os-by-arm published after
                    // the restart (the API serves the restored one until then); the first equal to analyze.
                    PipelineBench.waitFor(again::ready, timeout, "the restarted monitor did not report ready (see "
                            + dir.resolve("monitor-0-restarted.log") + ")");
                    long readyAt = System.nanoTime();
                    String served = again.get("/api/analyses/" + EQUAL_ANALYSIS);
                    long firstPublished = awaitNewPublication(again, served, timeout);
                    long correct = awaitEqual(List.of(again), expectedAll, timeout, () -> { });
                    long t = again.startedAt();
                    restart = new ScaleResult.Restart((readyAt - t) / 1e9, (firstPublished - t) / 1e9,
                            (correct - t) / 1e9);
                    requireEveryAnalysisEqual(List.of(again), expectedAll);
                }
                note("stopping cleanly");
                for (MonitorProcess m : monitors) {
                    m.stop();
                }
                long state = 0;
                for (int i = 0; i < settings.instances(); i++) {
                    state += PipelineBench.sizeOf(stateDir(dir, i));
                }
                return new ScaleResult(settings.patients(), events, tailEvents, settings.instances(),
                        (ready - t0) / 1e9, (published - t0) / 1e9, (double) (cpu1 - cpu0) / events, secondHalf.perEvent(),
                        heap, rss, steady, restart, state);
            } finally {
                for (MonitorProcess m : monitors) {
                    m.close();
                }
            }
        }
    }

    private MonitorProcess start(LocalKafkaStack stack, Path dir, int instance, String log) throws IOException {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + settings.monitorHeap());
        jvm.addAll(settings.jvmOptions());
        return MonitorProcess.start(stack.bootstrapServers(), stack.registryUrl().toString(), stateDir(dir, instance),
                settings.debounceMillis(), MonitorApp.DEFAULT_PARTITIONS, jvm, dir.resolve(log));
    }

    private static Path stateDir(Path dir, int instance) {
        return dir.resolve("state-" + instance);
    }

    /**
     * Writes the cohort as a registry CSV ({@code all}), and split by row: the first {@code headPatients} rows
     * to {@code head}, the rest to {@code tail}, each with the header. One row per patient. The steady slice's rows
     * follow the cohort's in {@code all} and the head's in {@code headAndSteady} (written only when there are any).
     */
    private void writeCohort(Path all, Path head, Path tail, Path headAndSteady, int headPatients,
            List<String> steadyRows) throws IOException {
        StudyCohortGenerator generator = new StudyCohortGenerator(
                StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED).withPatients(settings.patients()));
        boolean steady = !steadyRows.isEmpty();
        try (BufferedWriter a = Files.newBufferedWriter(all, StandardCharsets.UTF_8);
                BufferedWriter h = Files.newBufferedWriter(head, StandardCharsets.UTF_8);
                BufferedWriter t = Files.newBufferedWriter(tail, StandardCharsets.UTF_8);
                BufferedWriter hs = steady ? Files.newBufferedWriter(headAndSteady, StandardCharsets.UTF_8)
                        : new BufferedWriter(java.io.Writer.nullWriter())) {
            for (BufferedWriter w : List.of(a, h, t, hs)) {
                w.write(RegistryRow.csvHeader());
                w.write('\n');
            }
            int n = 0;
            for (Iterator<RegistryRow> it = generator.rows(); it.hasNext(); n++) {
                String line = it.next().toCsvLine();
                a.write(line);
                a.write('\n');
                for (BufferedWriter part : n < headPatients ? List.of(h, hs) : List.of(t)) {
                    part.write(line);
                    part.write('\n');
                }
            }
            for (String line : steadyRows) {
                for (BufferedWriter w : List.of(a, hs)) {
                    w.write(line);
                    w.write('\n');
                }
            }
        }
    }

    /** A registry CSV of the given rows, with the header. */
    private static void writeRows(Path file, List<String> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(RegistryRow.csvHeader());
            w.write('\n');
            for (String line : rows) {
                w.write(line);
                w.write('\n');
            }
        }
    }

    /**
     * The steady phase's patients as CSV rows: the first of a cohort of their own ({@link #STEADY_SEED}) whose events
     * reach {@code events}, their ids relabelled. The same for every cohort size: the generator's first N patients
     * are not the first N of a larger cohort (its quotas and id width follow the size), so the slice is not drawn
     * from the cohort's generator, and the backfill stays what it was.
     */
    static List<String> steadySlice(Path candidates, int events) throws IOException {
        // Every patient has at least a diagnosis, a control and a last contact: half as many candidates is plenty.
        int cap = Math.max(100, events / 2);
        StudyCohortGenerator generator = new StudyCohortGenerator(
                StudyCohortParameters.study(STEADY_SEED).withPatients(cap));
        List<String> rows = new ArrayList<>(cap);
        for (Iterator<RegistryRow> it = generator.rows(); it.hasNext(); ) {
            rows.add(steadyLine(it.next().toCsvLine()));
        }
        writeRows(candidates, rows);
        List<Integer> perPatient = new ArrayList<>(cap);
        try {
            new RegistryImporter(RegistryImporter.Options.defaults()).forEachPatient(candidates,
                    p -> perPatient.add(p.events().size()));
        } catch (RegistryImportException e) {
            throw new IllegalStateException("generated cohort did not import: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(candidates);
        }
        if (perPatient.size() != rows.size()) {
            throw new IllegalStateException("the steady slice's candidates imported as " + perPatient.size()
                    + " patients, not " + rows.size());
        }
        return List.copyOf(rows.subList(0, patientsFor(events, perPatient)));
    }

    /** The fewest first patients whose events add up to at least {@code events}. */
    static int patientsFor(long events, List<Integer> eventsPerPatient) {
        long sum = 0;
        for (int k = 0; k < eventsPerPatient.size(); k++) {
            if (sum >= events) {
                return k;
            }
            sum += eventsPerPatient.get(k);
        }
        if (sum >= events) {
            return eventsPerPatient.size();
        }
        throw new IllegalStateException("the steady slice's " + eventsPerPatient.size() + " candidates have "
                + sum + " events, fewer than " + events);
    }

    /** A cohort row with the patient relabelled as a steady-phase patient (the id is the row's first cell). */
    static String steadyLine(String cohortLine) {
        if (!cohortLine.startsWith(COHORT_ID_PREFIX)) {
            throw new IllegalArgumentException("a generated row does not start with its " + COHORT_ID_PREFIX + " id");
        }
        return STEADY_ID_PREFIX + cohortLine.substring(COHORT_ID_PREFIX.length());
    }

    /** A registry file's events, in file order. */
    private static List<ClinicalEvent> events(Path file) throws IOException {
        List<ClinicalEvent> out = new ArrayList<>();
        try {
            new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(file, out::add);
        } catch (RegistryImportException e) {
            throw new IllegalStateException("generated cohort did not import: " + e.getMessage(), e);
        }
        return out;
    }

    /** {@code analyze} of a registry file, privacy off: each analysis' result as the JSON tree the API serves. */
    private static Map<String, JsonNode> batch(Path file) throws IOException {
        try {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (AnalysisResult r : BatchAnalysis.run(file, AnalysesLoader.loadDefault().analyses(),
                    RegistryImporter.Options.defaults(), 0, new SequentialMonitoring(), n -> { }, false).results()) {
                out.put(r.name(), ResultJson.mapper().valueToTree(r));
            }
            return out;
        } catch (RegistryImportException e) {
            throw new IllegalStateException("generated cohort did not import: " + e.getMessage(), e);
        }
    }

    /** Sends the file's events to {@code patient-events}, waits until all are acknowledged; returns how many. */
    private static long send(LocalKafkaStack stack, Path file) throws IOException {
        long[] n = {0};
        try (EventPublisher publisher = PipelineBench.publisher(stack, Names.PATIENT_EVENTS)) {
            new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(file, e -> {
                publisher.send(e);
                n[0]++;
            });
            PipelineBench.requireNoFailures(publisher.flush());
        } catch (RegistryImportException e) {
            throw new IllegalStateException("generated cohort did not import: " + e.getMessage(), e);
        }
        return n[0];
    }

    /**
     * The steady phase (see the class comment). The CPU figures are per monitor {@link ThreadCpu#ofProcess} snapshots
     * (the whole process's and each thread's, read together) taken just before the first send, at the first poll
     * ({@link #STEADY_POLL}) at which the monitors had processed every event, and at the publication; the threads are
     * named by a {@code jcmd Thread.print} before the first and after each later snapshot, outside the measured time.
     * Summed over the monitors with two instances.
     */
    private ScaleResult.Steady steady(LocalKafkaStack stack, List<MonitorProcess> monitors, List<ClinicalEvent> events,
            int patients, long patientsBefore, Map<String, JsonNode> expected, Duration timeout, Path dir)
            throws IOException, InterruptedException {
        awaitQuiet(monitors);
        long processed0 = processed(monitors);
        if (processed0 < 0) {
            throw new IllegalStateException("a monitor's /api/health did not answer before the steady phase");
        }
        note("steady phase: " + events.size() + " events of " + patients + " new patients at " + settings.steadyRate()
                + " events/s");
        List<List<ThreadCpu.DumpedThread>> atStart = threadPrints(monitors, dir, "start");
        double offered;
        // The mark at the middle of the sends: CPU and events processed, for the second half's figure.
        @SuppressWarnings("unchecked")
        List<ThreadCpu.Snapshot>[] half = new List[1];
        long[] halfProcessed = {-1};
        List<ThreadCpu.Snapshot> s0;
        List<ThreadCpu.Snapshot> s1;
        try (EventPublisher publisher = PipelineBench.publisher(stack, Names.PATIENT_EVENTS)) {
            s0 = threadCpu(monitors);
            long t0 = System.nanoTime();
            sendPaced(publisher, events, settings.steadyRate(), () -> {
                half[0] = threadCpu(monitors);
                halfProcessed[0] = processed(monitors);
            });
            offered = events.size() / ((System.nanoTime() - t0) / 1e9);
            PipelineBench.requireNoFailures(publisher.flush());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (processed(monitors) < processed0 + events.size()) {
                requireAlive(monitors);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the monitor(s) did not process the steady phase's events within "
                            + timeout.toMinutes() + " minutes");
                }
                TimeUnit.MILLISECONDS.sleep(STEADY_POLL.toMillis());
            }
            s1 = threadCpu(monitors);
        }
        List<List<ThreadCpu.DumpedThread>> atProcessed = threadPrints(monitors, dir, "processed");
        awaitEqual(monitors, expected, timeout, () -> { });
        List<ThreadCpu.Snapshot> s2 = threadCpu(monitors);
        List<List<ThreadCpu.DumpedThread>> atPublished = threadPrints(monitors, dir, "published");
        requireEveryAnalysisEqual(monitors, expected);
        Map<String, Long> toProcessed = new LinkedHashMap<>();
        Map<String, Long> toPublished = new LinkedHashMap<>();
        Map<String, Long> secondHalf = new LinkedHashMap<>();
        for (int i = 0; i < monitors.size(); i++) {
            Map<Long, String> named = ThreadCpu.processGroups(List.of(atStart.get(i), atProcessed.get(i)));
            ThreadCpu.betweenProcessGroups(s0.get(i), s1.get(i).withGroups(named))
                    .forEach((g, ns) -> toProcessed.merge(g, ns, Long::sum));
            if (half[0] != null) {
                ThreadCpu.betweenProcessGroups(half[0].get(i), s1.get(i).withGroups(named))
                        .forEach((g, ns) -> secondHalf.merge(g, ns, Long::sum));
            }
            named = ThreadCpu.processGroups(List.of(atStart.get(i), atProcessed.get(i), atPublished.get(i)));
            ThreadCpu.betweenProcessGroups(s0.get(i), s2.get(i).withGroups(named))
                    .forEach((g, ns) -> toPublished.merge(g, ns, Long::sum));
        }
        long t0 = s0.get(0).wallNanos();
        long secondHalfEvents = halfProcessed[0] < 0 ? 0 : processed0 + events.size() - halfProcessed[0];
        return new ScaleResult.Steady(patientsBefore, patients, events.size(), offered,
                (s1.get(0).wallNanos() - t0) / 1e9, (s2.get(0).wallNanos() - t0) / 1e9, toProcessed, toPublished,
                secondHalfEvents, secondHalf);
    }

    /**
     * Sends the events at {@code rate} per second, paced as the latency phase of {@link PipelineBench} is: at least a
     * millisecond between wake-ups, everything due sent at each; calls {@code atHalf} once half of them are sent.
     */
    private static void sendPaced(EventPublisher publisher, List<ClinicalEvent> events, int rate, OnPoll atHalf)
            throws IOException {
        long t0 = System.nanoTime();
        double nanosPerEvent = 1e9 / rate;
        int i = 0;
        boolean halfMarked = false;
        while (i < events.size()) {
            if (!halfMarked && 2 * i >= events.size()) {
                atHalf.poll();
                halfMarked = true;
            }
            long now = System.nanoTime();
            long due = t0 + (long) (i * nanosPerEvent);
            if (now < due) {
                LockSupport.parkNanos(Math.max(due - now, PipelineBench.PACE.toNanos()));
                continue;
            }
            while (i < events.size() && t0 + (long) (i * nanosPerEvent) <= now) {
                publisher.send(events.get(i++));
            }
        }
    }

    /**
     * Waits (at most {@link #QUIET_AT_MOST}) until the monitors used under {@link #QUIET_CORES} of a core each over a
     * second: the backfill's last Cox refresh, releases and the full GC's aftermath would otherwise be counted
     * against the steady phase's events.
     */
    private void awaitQuiet(List<MonitorProcess> monitors) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long before = cpuNanos(monitors);
        while (true) {
            TimeUnit.SECONDS.sleep(1);
            long now = cpuNanos(monitors);
            double cores = (now - before) / 1e9;
            double waited = (System.nanoTime() - start) / 1e9;
            if (cores < QUIET_CORES * monitors.size()) {
                note(String.format(java.util.Locale.ROOT, "monitor(s) quiet after %.0f s (%.2f cores)", waited, cores));
                return;
            }
            if (waited > QUIET_AT_MOST.toSeconds()) {
                note(String.format(java.util.Locale.ROOT, "monitor(s) not quiet after %.0f s (%.2f cores); measuring "
                        + "anyway", waited, cores));
                return;
            }
            before = now;
        }
    }

    /** The monitors' summed eventsProcessed ({@code /api/health}); -1 when one did not answer. */
    private static long processed(List<MonitorProcess> monitors) {
        long sum = 0;
        for (MonitorProcess m : monitors) {
            long n = m.eventsProcessed();
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    private static List<ThreadCpu.Snapshot> threadCpu(List<MonitorProcess> monitors) throws IOException {
        List<ThreadCpu.Snapshot> out = new ArrayList<>();
        for (MonitorProcess m : monitors) {
            out.add(m.threadCpu());
        }
        return out;
    }

    /** Each monitor's threads ({@code jcmd Thread.print}); with {@code --keep} the prints are kept too. */
    private List<List<ThreadCpu.DumpedThread>> threadPrints(List<MonitorProcess> monitors, Path dir, String moment)
            throws IOException, InterruptedException {
        List<List<ThreadCpu.DumpedThread>> out = new ArrayList<>();
        for (int i = 0; i < monitors.size(); i++) {
            String print = monitors.get(i).threadDump();
            if (settings.keep()) {
                Files.writeString(dir.resolve("monitor-" + i + "-threads-steady-" + moment + ".txt"), print,
                        StandardCharsets.UTF_8);
            }
            out.add(ThreadCpu.parseThreadDump(print));
        }
        return out;
    }

    private static void requireAlive(List<MonitorProcess> monitors) {
        for (MonitorProcess m : monitors) {
            if (!m.alive()) {
                throw new IllegalStateException("a monitor process exited during the run (see its log in the "
                        + "data directory; keep it with --keep)");
            }
        }
    }

    private static long cpuNanos(List<MonitorProcess> monitors) throws IOException {
        long sum = 0;
        for (MonitorProcess m : monitors) {
            sum += m.cpuNanos();
        }
        return sum;
    }

    /**
     * The second half of the backfill: the first marks (events processed, CPU time) at or past half of the backfill's
     * events and at or past all of them, taken at each poll of the wait for the backfill's publication (every
     * {@link #POLL}, so within a fraction of a second of those moments). It ends when the last event is processed, not
     * at the publication: the work after the last event (the last rounds, refreshes and releases) is done once per
     * backfill, so counting it against half the events would make a fixed cost look like a cost per event.
     */
    private static final class SecondHalf {
        private final List<MonitorProcess> monitors;
        private final long events;
        private ScaleResult.Mark half;
        private ScaleResult.Mark all;

        SecondHalf(List<MonitorProcess> monitors, long events) {
            this.monitors = monitors;
            this.events = events;
        }

        void poll() throws IOException {
            if (all != null) {
                return;
            }
            ScaleResult.Mark m = mark();
            if (m == null) {
                return;
            }
            if (half == null && m.pastHalfOf(events)) {
                half = m;
            }
            if (m.processed() >= events) {
                all = m;
            }
        }

        /**
         * CPU per event processed between the two marks (an event processed twice costs twice); NaN when a mark is
         * missing, or both fell on one poll (a backfill shorter than a poll).
         */
        double perEvent() {
            return half == null || all == null ? Double.NaN : ScaleResult.perEvent(half, all);
        }

        /** The monitors' summed processed count and CPU time now; null when an API did not answer. */
        private ScaleResult.Mark mark() throws IOException {
            long n = processed(monitors);
            return n < 0 ? null : new ScaleResult.Mark(n, cpuNanos(monitors));
        }
    }

    /** Called at each poll of a wait. */
    private interface OnPoll {
        void poll() throws IOException;
    }

    /** Whether the API's answer for {@code analysis} is the expected result. */
    private static boolean serves(MonitorProcess m, String analysis, JsonNode expected) {
        String body = m.get("/api/analyses/" + analysis);
        return body != null && expected.equals(ResultJson.mapper().valueToTree(ResultJson.read(body)));
    }

    /**
     * Polls until every monitor's API serves os-by-arm equal to the batch, calling {@code onPoll} at each poll;
     * returns that time (nanoTime).
     */
    private static long awaitEqual(List<MonitorProcess> monitors, Map<String, JsonNode> expected, Duration timeout,
            OnPoll onPoll) throws InterruptedException, IOException {
        JsonNode want = Objects.requireNonNull(expected.get(EQUAL_ANALYSIS), EQUAL_ANALYSIS);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean[] done = new boolean[monitors.size()];
        while (true) {
            onPoll.poll();
            boolean all = true;
            for (int i = 0; i < monitors.size(); i++) {
                MonitorProcess m = monitors.get(i);
                if (!m.alive()) {
                    throw new IllegalStateException("a monitor process exited during the run (see its log in the "
                            + "data directory; keep it with --keep)");
                }
                done[i] = done[i] || serves(m, EQUAL_ANALYSIS, want);
                all &= done[i];
            }
            if (all) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + EQUAL_ANALYSIS + " result equal to analyze of the same events"
                        + " within " + timeout.toMinutes() + " minutes");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    /**
     * Polls until the monitor's API serves an os-by-arm result other than {@code before} (a publication made after the
     * restart: each carries its publication time); returns that time (nanoTime).
     */
    private static long awaitNewPublication(MonitorProcess m, String before, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!m.alive()) {
                throw new IllegalStateException("the restarted monitor exited (see its log in the data directory; keep "
                        + "it with --keep)");
            }
            String now = m.get("/api/analyses/" + EQUAL_ANALYSIS);
            if (now != null && !now.equals(before)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the restarted monitor published no " + EQUAL_ANALYSIS + " result within "
                        + timeout.toMinutes() + " minutes");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    /** Every analysis from every monitor equals the batch (waits up to 2 minutes for the last publications). */
    private static void requireEveryAnalysisEqual(List<MonitorProcess> monitors, Map<String, JsonNode> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            for (MonitorProcess m : monitors) {
                while (!serves(m, e.getKey(), e.getValue())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("analysis " + e.getKey() + " served by a monitor does not "
                                + "equal analyze of the same events");
                    }
                    TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                }
            }
        }
    }

    private void note(String message) {
        progress.println("bench: " + message);
        progress.flush();
    }
}
