package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.privacy.GrowthAudit;
import org.followupmonitor.privacy.PrivacyAudit;
import org.followupmonitor.privacy.RandomConfigurations;
import org.followupmonitor.privacy.Release;
import org.followupmonitor.privacy.ReleaseHistory;
import org.followupmonitor.privacy.Views;
import org.followupmonitor.registry.SchemaRegistryClient;

/**
 * Over a shuffled replay (duplicates, retractions, an erasure), every release of the stream (what is published
 * after each release round, with the alerts of that round, as the release stage tells its listener) lets the
 * audit narrow no suppressed count: on its own; and for the growth attacker, who holds every release of the replay
 * and assumes counts of patients only grow, in the exact audit of the sequence ({@link GrowthAudit#sequence}: every
 * release's equations at once; the planner's model, a window of the last releases in full and floors for those before,
 * {@link ReleaseHistory}, is a relaxation of it within the window's reach), which once found what floors of the
 * last release alone missed ({@link #theSeedWhereFloorsMissedJointFactsNarrowsNothing}), as far as the window
 * reaches: a count the exact audit narrows must be narrowed only by a release whose plan's window did not reach back
 * to the count's release (a release is planned against the last {@link ReleaseHistory#WINDOW} releases, or the last
 * {@link ReleaseHistory#FALLBACK_WINDOW} when that plan reaches the work limit; the seeds where windows of three and
 * four left a narrowing narrow nothing: {@link #theSeedWhereAWindowOfThreeLeftANarrowingNarrowsNothing},
 * {@link #theSeedWhereAWindowOfFourLeftANarrowingNarrowsNothing}). The stages run unpaced
 * ({@link Pacing#UNPACED}): a seed replays the same release sequence every run, so a failure names a reproducible
 * case.
 */
class StreamReleasesPropertiesTest {
    /** Release rounds a property's replay aims at (each round is planned, and the sequence audited, in full). */
    private static final int ROUNDS = 8;
    /** The longest sequence audited exactly as a whole; longer ones in overlapping windows of this many releases. */
    private static final int EXACT_WINDOW = 8;

    @Property(tries = 3)
    void theAuditNarrowsNoSuppressedCountOfAnyReleaseNorOfTheSequence(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 60, max = 200) int patients) throws Exception {
        replayAndAudit(seed, patients, StreamFixtures.SETTINGS.coxInterval(), 0);
    }

    /**
     * With the Cox refresh slower than the releases (as on a loaded machine, where its pacing follows its cost),
     * early releases withhold whole analyses whose listed exclusions alone make a total at least 2: the audit
     * counts that as the release's shape, not as a narrowing (it once reported "2 .. ∞" here, intermittently).
     */
    @Example
    void aCoxRefreshSlowerThanTheReleasesNarrowsNothing() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            replayAndAudit(seed, 60, Duration.ofSeconds(3), 61);
        }
    }

    /**
     * The gap the exact audit showed (seed 3, 120 patients, the property's pacing, 8 releases): with only the last
     * release in full and floors for the ones before, release 3's group 4 of one analysis and release 5's group 2 of
     * another were narrowed to 5 .. by the releases two after them. With the window ({@link ReleaseHistory#WINDOW}
     * releases in full) the exact audit narrows nothing, and the window does not make the plan withhold everything.
     */
    @Example
    void theSeedWhereFloorsMissedJointFactsNarrowsNothing() throws Exception {
        Audited a = audit(3, 120, StreamFixtures.SETTINGS.coxInterval(), 0);
        assertThat(a.releases()).isGreaterThanOrEqualTo(5);
        assertThat(a.exactNarrowed()).isEmpty();
    }

    /**
     * The seed where a window of three releases left a narrowing (seed 8, 120 patients, 8 releases; the one narrowing
     * in seeds 1 to 16 then): release 4's group "yes" of one analysis was narrowed to 9 .. 26 once release 8 was out,
     * four releases later, one more than a window of three reaches. Every plan of this replay fits the work limit
     * against the window of {@link ReleaseHistory#WINDOW}, so release 8's plan checks release 4 too, and the exact
     * audit of the whole replay narrows nothing (README, Privacy: what is left across releases).
     */
    @Example
    void theSeedWhereAWindowOfThreeLeftANarrowingNarrowsNothing() throws Exception {
        Audited a = audit(8, 120, StreamFixtures.SETTINGS.coxInterval(), 0);
        assertThat(a.releases()).as("the replay reaches release 8, four after release 4").isGreaterThanOrEqualTo(8);
        assertThat(a.windows()).as("every release planned against the longest window").containsOnly(
                ReleaseHistory.WINDOW);
        assertThat(a.exactNarrowed()).isEmpty();
    }

    /**
     * The seed where a window of four releases left a narrowing (seed 38, 120 patients, 8 releases; one of the two
     * narrowings in seeds 25 to 72 then, the other seed 60's): release 3's group "yes" of one analysis was narrowed to
     * 4 .. 14 once release 8 was out, five releases later, one more than a window of four reaches. Planned against the
     * window of five, release 8's plan checks release 3 too, and the exact audit narrows nothing.
     */
    @Example
    void theSeedWhereAWindowOfFourLeftANarrowingNarrowsNothing() throws Exception {
        Audited a = audit(38, 120, StreamFixtures.SETTINGS.coxInterval(), 0);
        assertThat(a.releases()).as("the replay reaches release 8, five after release 3").isGreaterThanOrEqualTo(8);
        assertThat(a.windows()).as("every release planned against the longest window").containsOnly(
                ReleaseHistory.WINDOW);
        assertThat(a.exactNarrowed()).isEmpty();
    }

    /**
     * @param every events between wall-clock advances (a release round at most per advance); 0 for about
     *     {@link #ROUNDS} rounds over the replay
     * @param releases receives every release of the replay (unpaced, so the same sequence every run)
     * @return the events between wall-clock advances
     */
    static int replay(long seed, int patients, Duration coxInterval, int every, List<Release> releases)
            throws Exception {
        return replay(seed, patients, coxInterval, every, releases, new ArrayList<>(), ReleasePlanning.inline());
    }

    /**
     * As {@link #replay(long, int, Duration, int, List)}, planning as {@code planning} says (on the stream thread).
     *
     * @param windows receives, for each release, the window its plan checked it against
     *     ({@link org.followupmonitor.privacy.Disclosure.WindowedPlan#window})
     */
    static int replay(long seed, int patients, Duration coxInterval, int every, List<Release> releases,
            List<Integer> windows, ReleasePlanning planning) throws Exception {
        System.out.printf("StreamReleasesPropertiesTest seed %d, %d patients%n", seed, patients);
        List<AnalysisDefinition> analyses = RandomConfigurations.draw(seed);
        int minimum = org.followupmonitor.analysis.Privacy.DEFAULT_MIN_CELL_SIZE;
        Path dir = Files.createTempDirectory("stream-releases");
        List<ClinicalEvent> events = StreamFixtures.scramble(StreamFixtures.cohortEvents(patients, seed, dir), seed);
        SchemaRegistryClient registry = StreamFixtures.registry();
        CohortProcessor.Settings settings = new CohortProcessor.Settings(StreamFixtures.SETTINGS.debounce(),
                coxInterval, minimum, StreamFixtures.SETTINGS.flushInterval(), 1).withPacing(Pacing.UNPACED);
        Recorder recorder = new Recorder(analyses, releases, windows);
        int step = every > 0 ? every : Math.max(61, events.size() / ROUNDS + 1);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                TopologyFactory.build(analyses, StreamFixtures.serdes(registry), settings, meters, recorder,
                        CoxFitting.inline(), planning),
                StreamFixtures.driverProperties(), Instant.parse("2026-01-01T00:00:00Z"))) {
            StreamFixtures.replay(driver, registry, events, Instant.parse("2026-01-01T00:00:00Z"), step);
            // The recorder saw exactly what the store holds at the end.
            KeyValueStore<String, AnalysisResult> store = driver.getKeyValueStore(Names.RESULTS_STORE);
            try (KeyValueIterator<String, AnalysisResult> it = store.all()) {
                it.forEachRemaining(kv -> assertThat(recorder.current.get(kv.key)).isEqualTo(kv.value));
            }
            // The gauge (followup_release_window on /metrics) shows the window of the last release told.
            if (!windows.isEmpty()) {
                assertThat(meters.get("followup.release.window").gauge().value())
                        .isEqualTo(windows.get(windows.size() - 1).doubleValue());
            }
        }
        return step;
    }

    static int[] replayAndAudit(long seed, int patients, Duration coxInterval, int every) throws Exception {
        return audit(seed, patients, coxInterval, every).counts();
    }

    /** As {@link #replayAndAudit}, the exact audit's narrowings counted rather than asserted (the seed hunt's). */
    static int[] replayAndCount(long seed, int patients, Duration coxInterval, int every) throws Exception {
        return audited(seed, patients, coxInterval, every).counts();
    }

    /**
     * What the audits found over one replay.
     *
     * @param exactNarrowed the counts the exact sequence audit narrows
     * @param distances for each of them, how many releases after its own the first release is after which the exact
     *     audit narrows it (the audit of the releases up to that one)
     * @param reaches for each of them, the window that first release's plan checked it against
     * @param windows for each release, the window its plan checked it against
     */
    record Audited(int releases, int withheld, List<String> exactNarrowed, Map<String, Integer> distances,
            Map<String, Integer> reaches, List<Integer> windows) {
        /** Releases, withheld counts, counts the exact audit narrows, releases planned against a shorter window. */
        int[] counts() {
            int shorter = (int) windows.stream().filter(w -> w < ReleaseHistory.WINDOW).count();
            return new int[] {releases, withheld, exactNarrowed.size(), shorter};
        }
    }

    /**
     * Replays and audits: each release alone must narrow nothing, and the exact sequence audit nothing within the
     * planner's window (so neither does the planner's model, a relaxation of it there): a count it narrows is narrowed
     * only by a release more releases after its own than the window that release was planned against (five, or three
     * when that plan reached the work limit; README, Privacy: what is left).
     */
    static Audited audit(long seed, int patients, Duration coxInterval, int every) throws Exception {
        return audit(seed, patients, coxInterval, every, ReleasePlanning.inline());
    }

    /** As {@link #audit(long, int, Duration, int)}, planning as {@code planning} says. */
    static Audited audit(long seed, int patients, Duration coxInterval, int every, ReleasePlanning planning)
            throws Exception {
        Audited a = audited(seed, patients, coxInterval, every, planning);
        assertThat(a.distances()).as("the exact audit of the sequence, seed %d, %d patients: counts narrowed, by the "
                + "number of releases after their own that narrow them, beyond the window of the release that narrows "
                + "them (%s)", seed, patients, a.reaches())
                .allSatisfy((cell, distance) -> assertThat(distance).isGreaterThan(a.reaches().get(cell)));
        return a;
    }

    /** As {@link #audit}, with the exact audit's narrowings returned rather than asserted (for the seed hunt). */
    static Audited audited(long seed, int patients, Duration coxInterval, int every) throws Exception {
        return audited(seed, patients, coxInterval, every, ReleasePlanning.inline());
    }

    static Audited audited(long seed, int patients, Duration coxInterval, int every, ReleasePlanning planning)
            throws Exception {
        List<AnalysisDefinition> analyses = RandomConfigurations.draw(seed);
        int minimum = org.followupmonitor.analysis.Privacy.DEFAULT_MIN_CELL_SIZE;
        List<Release> releases = new ArrayList<>();
        List<Integer> windows = new ArrayList<>();
        long replayStart = System.nanoTime();
        int step = replay(seed, patients, coxInterval, every, releases, windows, planning);
        assertThat(windows).as("a window for each release").hasSameSizeAs(releases);
        System.out.printf("StreamReleasesPropertiesTest seed %d: windows the releases were planned against %s%n", seed,
                windows);
        System.out.printf("StreamReleasesPropertiesTest seed %d: replay (planning included) %d ms for %d releases%n",
                seed, (System.nanoTime() - replayStart) / 1_000_000, releases.size());
        assertThat(releases).as("releases seen").isNotEmpty();
        String config = String.format("seed %d, %d patients, %d events per advance (%s)", seed, patients, step,
                RandomConfigurations.names(analyses));
        int withheld = 0;
        for (int k = 0; k < releases.size(); k++) {
            PrivacyAudit.Report report = PrivacyAudit.audit(releases.get(k), minimum);
            assertThat(report.narrowed()).as("release %d of %s", k + 1, config).isEmpty();
            withheld += report.findings().size();
        }
        // The planner's model of the sequence (window and floors) is not audited on its own: it is a relaxation of the
        // exact model within the window's reach, so what it narrows the exact audit narrows by a release within reach.
        // The exact audit of the whole sequence, or of overlapping windows of it for a long one (its programs grow
        // with the sequence: see the README's Privacy section); a window is a part of the whole, so what it narrows
        // the whole narrows too.
        int window = releases.size() <= EXACT_WINDOW ? releases.size() : EXACT_WINDOW;
        int audited = 0;
        java.util.Set<String> narrowed = new java.util.TreeSet<>();
        Map<String, Integer> distances = new TreeMap<>();
        Map<String, Integer> reaches = new TreeMap<>();
        for (int from = 0; ; from = Math.min(from + window / 2, releases.size() - window)) {
            List<Release> part = releases.subList(from, from + window);
            long start = System.nanoTime();
            PrivacyAudit.Report sequence = GrowthAudit.sequence(part, minimum);
            long exactMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("StreamReleasesPropertiesTest %s: releases %d to %d of %d, %d suppressed counts, %d "
                    + "narrowed by an attacker holding them all and assuming growth (exact sequence audit: %d linear "
                    + "programs, %d ms)%n", config, from + 1, from + window, releases.size(), sequence.findings().size(),
                    sequence.narrowed().size(), sequence.linearPrograms(), exactMillis);
            for (PrivacyAudit.Finding f : sequence.narrowed()) {
                // Named by the release's number in the whole sequence.
                int r = Integer.parseInt(f.cell().substring("release ".length(), f.cell().indexOf(':')));
                String name = "release " + (from + r) + f.cell().substring(f.cell().indexOf(':'));
                // The first release after which it is narrowed: the shortest prefix of the part that narrows it.
                int by = window;
                for (int p = r; p < window; p++) {
                    if (GrowthAudit.sequence(part.subList(0, p), minimum).narrowed().stream()
                            .anyMatch(x -> x.cell().equals(f.cell()))) {
                        by = p;
                        break;
                    }
                }
                narrowed.add(name);
                // The narrowing release's window (release numbers start at 1); an overlapping part may see a nearer
                // one, which wins with its own window.
                if (!distances.containsKey(name) || by - r < distances.get(name)) {
                    distances.put(name, by - r);
                    reaches.put(name, windows.get(from + by - 1));
                }
                System.out.printf("  exact audit narrows %s to %s once release %d is out%n", name, f.range(), from + by);
            }
            audited += sequence.findings().size();
            if (from + window == releases.size()) {
                break;
            }
        }
        if (window == releases.size()) {
            assertThat(audited).as("the exact audit covers every withheld count of every release").isEqualTo(withheld);
        }
        return new Audited(releases.size(), withheld, List.copyOf(narrowed), Map.copyOf(distances),
                Map.copyOf(reaches), List.copyOf(windows));
    }

    /**
     * Hunts seeds for a narrowing of the exact sequence audit in what the planner (floors model) produces:
     * {@code seeds FROM TO PATIENTS}, unpaced, the property's pacing (about {@link #ROUNDS} rounds). Run with the test
     * class path, as {@code DemoReleasesReport}. Prints one line per seed and a total: seeds that failed an assertion, and
     * seeds whose exact sequence audit narrows a count.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("prefixes")) {
            // Timing of the exact audit on the first k releases of one replay, k = 1, 2, ...
            List<Release> releases = new ArrayList<>();
            replay(Long.parseLong(args[1]), Integer.parseInt(args[2]), StreamFixtures.SETTINGS.coxInterval(),
                    Integer.parseInt(args[3]), releases);
            List<Integer> ks = new ArrayList<>();
            for (int k = 1; k <= releases.size(); k++) {
                ks.add(k);
            }
            if (args.length > 4) {
                ks = java.util.Arrays.stream(args[4].split(",")).map(Integer::valueOf)
                        .map(k -> k == 0 ? releases.size() : k).toList();
            }
            for (int k : ks) {
                long t = System.nanoTime();
                PrivacyAudit.Report floors = GrowthAudit.floors(releases.subList(0, k), 11);
                long f = (System.nanoTime() - t) / 1_000_000;
                t = System.nanoTime();
                PrivacyAudit.Report exact = GrowthAudit.sequence(releases.subList(0, k), 11);
                exact.narrowed().forEach(x -> System.out.printf("  exact narrowed %s %s structural %d%n", x.cell(),
                        x.range(), x.structural()));
                floors.narrowed().forEach(x -> System.out.printf("  floors narrowed %s %s structural %d%n", x.cell(),
                        x.range(), x.structural()));
                System.out.printf("prefix %d of %d: floors %d ms (%d LPs, %d narrowed), exact %d ms (%d LPs, %d narrowed)%n",
                        k, releases.size(), f, floors.linearPrograms(), floors.narrowed().size(),
                        (System.nanoTime() - t) / 1_000_000, exact.linearPrograms(), exact.narrowed().size());
            }
            return;
        }
        long from = Long.parseLong(args[0]);
        long to = Long.parseLong(args[1]);
        int patients = Integer.parseInt(args[2]);
        int releases = 0;
        int withheld = 0;
        int shorter = 0;
        List<String> failed = new ArrayList<>();
        List<String> exact = new ArrayList<>();
        for (long seed = from; seed <= to; seed++) {
            try {
                int[] r = replayAndCount(seed, patients, StreamFixtures.SETTINGS.coxInterval(), 0);
                releases += r[0];
                withheld += r[1];
                shorter += r[3];
                if (r[2] > 0) {
                    exact.add(seed + ": " + r[2]);
                }
            } catch (AssertionError e) {
                failed.add(seed + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        System.out.printf("hunt seeds %d-%d, %d patients: %d releases (%d planned against a window shorter than %d), %d "
                + "withheld counts audited; failed %s; exact audit narrows (seed: counts) %s%n", from, to, patients,
                releases, shorter, ReleaseHistory.WINDOW, withheld, failed, exact);
    }

    /**
     * Every release as the release stage tells its listener: the published results of all analyses after the
     * round, and the alerts raised in it.
     */
    private static final class Recorder implements ResultListener {
        private final List<AnalysisDefinition> analyses;
        private final List<Release> releases;
        private final List<Integer> windows;
        final Map<String, AnalysisResult> current = new TreeMap<>();
        private final List<Alert> raised = new ArrayList<>();

        Recorder(List<AnalysisDefinition> analyses, List<Release> releases, List<Integer> windows) {
            this.analyses = analyses;
            this.releases = releases;
            this.windows = windows;
        }

        @Override
        public void published(AnalysisResult result) {
            current.put(result.name(), result);
        }

        @Override
        public void alerted(Alert alert) {
            raised.add(alert);
        }

        @Override
        public void released(int window) {
            List<AnalysisResult> ordered = new ArrayList<>();
            analyses.forEach(d -> {
                if (current.containsKey(d.name())) {
                    ordered.add(current.get(d.name()));
                }
            });
            Release r = Views.published(analyses, ordered, null, List.copyOf(raised));
            raised.clear();
            if (releases.isEmpty() || !releases.get(releases.size() - 1).equals(r)) {
                releases.add(r);
                windows.add(window);
            }
        }
    }
}
