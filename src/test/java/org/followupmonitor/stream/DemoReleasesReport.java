package org.followupmonitor.stream;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.privacy.Disclosure;
import org.followupmonitor.privacy.GrowthAudit;
import org.followupmonitor.privacy.PrivacyAudit;
import org.followupmonitor.privacy.Release;
import org.followupmonitor.privacy.ReleaseHistory;
import org.followupmonitor.privacy.Views;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * The figures for disclosure control across releases in docs/privacy-measurements.md (not a test; prints, asserts nothing): the demo's
 * replay of the bundled cohort ({@code generate --format jsonl} of seed 2021, in date order, 70 days of follow-up
 * per second of wall clock as {@code demo} replays it) through the topology with the default analyses and the
 * minimum 11; every release as the release stage tells its listener; then the audits of each release and of the
 * whole sequence (growth attacker), for the releases as published and for the same rounds planned each on its
 * own (as before release history), and the planning time of each round both ways.
 *
 * <p>Run after {@code mvn -o test-compile}, with the test class path (e.g. the one surefire records in
 * {@code target/surefire-reports/TEST-*.xml}) and Avro's trusted packages as the pom gives them to surefire:
 * {@code java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor -cp CLASSPATH
 * org.followupmonitor.stream.DemoReleasesReport}. Takes minutes (every round is planned three times and audited).
 */
public final class DemoReleasesReport {
    private static final int MIN = 11;

    private DemoReleasesReport() {}

    /**
     * @param args optional: days of follow-up per step of the replay (default 70) and seconds of wall clock per
     *     step (default 1, as {@code demo}); the release stage paces itself by its planning time (three times it),
     *     so more seconds per step give a release at more steps
     */
    public static void main(String[] args) throws Exception {
        long stepDays = args.length > 0 ? Long.parseLong(args[0]) : 70;
        long stepMillis = args.length > 1 ? Long.parseLong(args[1]) * 1000 : 1000;
        List<AnalysisDefinition> analyses = AnalysesLoader.loadDefault().analyses();
        ReplayEvents replay = ReplayEvents.fromGeneratorWithContacts(
                StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED), RegistryImporter.Options.defaults());
        List<ClinicalEvent> events = replay.events();
        SchemaRegistryClient registry = StreamFixtures.registry();
        CohortProcessor.Settings s = StreamFixtures.SETTINGS;
        CohortProcessor.Settings settings = new CohortProcessor.Settings(s.debounce(), s.coxInterval(), MIN,
                s.flushInterval(), 1);
        List<Release> published = new ArrayList<>();
        List<List<AnalysisResult>> complete = new ArrayList<>();
        List<KeyValueStore<String, Unreleased>> inputs = new ArrayList<>();
        ResultListener recorder = new ResultListener() {
            final Map<String, AnalysisResult> current = new TreeMap<>();
            final List<Alert> raised = new ArrayList<>();

            @Override
            public void published(AnalysisResult result) {
                current.put(result.name(), result);
            }

            @Override
            public void alerted(Alert alert) {
                raised.add(alert);
            }

            @Override
            public void released() {
                List<AnalysisDefinition> defs = new ArrayList<>();
                List<AnalysisResult> out = new ArrayList<>();
                List<AnalysisResult> full = new ArrayList<>();
                for (AnalysisDefinition d : analyses) {
                    Unreleased u = inputs.get(0).get(d.name());
                    if (current.containsKey(d.name()) && u != null) {
                        defs.add(d);
                        out.add(current.get(d.name()));
                        full.add(u.result());
                    }
                }
                published.add(Views.published(defs, out, null, List.copyOf(raised)));
                complete.add(full);
                raised.clear();
            }
        };
        long started = System.nanoTime();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                StreamFixtures.topology(analyses, registry, recorder, settings), StreamFixtures.driverProperties(),
                Instant.parse("2026-01-01T00:00:00Z"))) {
            inputs.add(driver.getKeyValueStore(Names.UNRELEASED_STORE));
            TestInputTopic<String, PatientEvent> in = driver.createInputTopic(Names.PATIENT_EVENTS,
                    Serdes.String().serializer(), StreamFixtures.serdes(registry).events().serializer());
            LocalDate clock = events.get(0).occurredOn();
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            for (ClinicalEvent e : events) {
                long days = ChronoUnit.DAYS.between(clock, e.occurredOn());
                if (days >= stepDays) {
                    driver.advanceWallClockTime(Duration.ofMillis(stepMillis * days / stepDays));
                    clock = e.occurredOn();
                }
                in.pipeInput(e.patientId(), AvroEvents.toAvro(e), t);
            }
            StreamFixtures.settle(driver);
        }
        System.out.printf(Locale.ROOT, "replay: %d events, %d days per step, %d ms of wall clock per step: %d "
                + "releases, %.0f s%n", events.size(), stepDays, stepMillis, published.size(),
                (System.nanoTime() - started) / 1e9);

        // The same rounds planned with history (as published) and each on its own (as before), timed.
        List<Release> naive = new ArrayList<>();
        ReleaseHistory history = ReleaseHistory.NONE;
        long withNanos = 0;
        long withoutNanos = 0;
        long maxWith = 0;
        long maxWithout = 0;
        int differ = 0;
        for (int k = 0; k < published.size(); k++) {
            List<AnalysisResult> full = complete.get(k);
            List<AnalysisDefinition> defs = defs(analyses, full);
            long t0 = System.nanoTime();
            Set<String> withUnits = Disclosure.plan(defs, full, MIN, history);
            long t1 = System.nanoTime();
            Set<String> alone = Disclosure.plan(defs, full, MIN);
            long t2 = System.nanoTime();
            withNanos += t1 - t0;
            withoutNanos += t2 - t1;
            maxWith = Math.max(maxWith, t1 - t0);
            maxWithout = Math.max(maxWithout, t2 - t1);
            if (!withUnits.equals(alone)) {
                differ++;
            }
            Release replanned = Views.published(defs, apply(defs, full, withUnits), null, List.of());
            if (!replanned.analyses().equals(published.get(k).analyses())) {
                System.out.printf("release %d: the offline plan with history differs from what was published%n", k + 1);
            }
            history = history.next(replanned); // as the release stage: the results, without the alerts
            naive.add(Views.published(defs, apply(defs, full, alone), null, List.of()));
        }
        report("as published (planned with release history)", published, complete, analyses);
        report("each round planned on its own (before)", naive, complete, analyses);
        System.out.printf(Locale.ROOT, "rounds whose plan differs: %d of %d%n", differ, published.size());
        System.out.printf(Locale.ROOT, "planning per release: with history mean %.0f ms (max %.0f), alone mean %.0f ms"
                + " (max %.0f)%n", withNanos / 1e6 / published.size(), maxWith / 1e6,
                withoutNanos / 1e6 / published.size(), maxWithout / 1e6);
        List<AnalysisResult> last = complete.get(complete.size() - 1);
        List<AnalysisDefinition> defs = defs(analyses, last);
        Set<String> batch = Disclosure.plan(defs, last, MIN);
        System.out.println("final release, batch plan:  "
                + summary(Views.published(defs, apply(defs, last, batch), null, List.of()), last, MIN));
        System.out.println("final release as published: " + summary(published.get(published.size() - 1), last, MIN));
    }

    private static List<AnalysisDefinition> defs(List<AnalysisDefinition> analyses, List<AnalysisResult> full) {
        List<AnalysisDefinition> out = new ArrayList<>();
        for (AnalysisResult r : full) {
            analyses.stream().filter(d -> d.name().equals(r.name())).findFirst().ifPresent(out::add);
        }
        return out;
    }

    private static List<AnalysisResult> apply(List<AnalysisDefinition> defs, List<AnalysisResult> full,
            Set<String> units) {
        List<AnalysisResult> out = new ArrayList<>();
        for (int i = 0; i < full.size(); i++) {
            out.add(Disclosure.apply(defs.get(i), full.get(i), units, MIN));
        }
        return out;
    }

    /** Withheld counts of patients in a published release, against the complete counts: all, small, complementary. */
    private static String summary(Release r, List<AnalysisResult> full, int min) {
        int counts = 0;
        int withheld = 0;
        int small = 0;
        for (int i = 0; i < full.size(); i++) {
            AnalysisResult c = full.get(i);
            Release.AnalysisView v = r.analyses().get(i);
            int[] t = tally(c.subjects(), v.subjects().withheld(), min);
            counts += t[0];
            withheld += t[1];
            small += t[2];
            if (v.definition().groupBy().isPresent()) {
                for (AnalysisResult.GroupResult g : c.groups()) {
                    Release.Count n = v.n().get(g.group());
                    t = tally(g.n(), v.whole() || n == null || n.withheld(), min);
                    counts += t[0];
                    withheld += t[1];
                    small += t[2];
                }
            }
        }
        return String.format(Locale.ROOT, "%d of %d cohort and group counts withheld (%.1f%%): %d small, %d "
                + "complementary", withheld, counts, 100.0 * withheld / counts, small, withheld - small);
    }

    private static int[] tally(Integer value, boolean hidden, int min) {
        if (value == null || value == 0) {
            return new int[3];
        }
        return new int[] {1, hidden ? 1 : 0, hidden && value < min ? 1 : 0};
    }

    private static void report(String title, List<Release> releases, List<List<AnalysisResult>> complete,
            List<AnalysisDefinition> analyses) {
        int suppressed = 0;
        int narrowedAlone = 0;
        for (Release r : releases) {
            PrivacyAudit.Report a = PrivacyAudit.audit(r, MIN);
            suppressed += a.findings().size();
            narrowedAlone += a.narrowed().size();
        }
        long t = System.nanoTime();
        PrivacyAudit.Report seq = GrowthAudit.sequence(releases, MIN);
        System.out.printf(Locale.ROOT, "%s: %d releases, %d suppressed counts over all releases, %d narrowed one "
                + "release at a time, %d narrowed over the sequence (growth attacker; audit %.0f s)%n", title,
                releases.size(), suppressed, narrowedAlone, seq.narrowed().size(), (System.nanoTime() - t) / 1e9);
        seq.narrowed().forEach(f -> System.out.println("  NARROWED " + f.cell() + " " + f.range()));
    }
}
