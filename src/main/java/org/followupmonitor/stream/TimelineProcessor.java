package org.followupmonitor.stream;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.PatientFacts;
import org.followupmonitor.analysis.SubjectRow;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.analysis.SubjectSnapshot;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.cohortstate.CohortKeys;
import org.followupmonitor.cohortstate.LastSeenDays;
import org.followupmonitor.cohortstate.PartitionShare;
import org.followupmonitor.cohortstate.SubjectEntry;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.PatientTimelineState;

/**
 * Keeps each patient's whole timeline and, whenever it changes, derives the patient's contribution to every
 * analysis again from the whole timeline: that makes the outcome independent of arrival order, duplicates
 * and late corrections, and a patient has tens of events, so it is cheap.
 *
 * <p>The old contribution is retracted from, and the new one added to, this partition's in-memory
 * {@link PartitionShare} of each analysis; every {@code flushInterval} the changes go on as one
 * {@link CohortDelta} per analysis (absolute values, chunked), so a burst of events costs a few records
 * rather than one per event and analysis.
 *
 * <p>Why this is exact under exactly-once: the shares are a pure function of the {@code patient-timelines}
 * store. On {@link #init} (after a start, a crash or a rebalance, once the store is restored to its last
 * commit) they are rebuilt from it and the first flush sends them whole with {@code reset}; input after that
 * commit is processed again. A change processed but not yet flushed when a commit happens is therefore never
 * lost: if the instance dies, the rebuilt share contains it.
 *
 * <p>Resuming without the reset: the task's {@code timeline-flushes} store (one key) says whether the timelines have
 * changed since the last flush ({@code pending}: written by the first change after a flush, {@code clean}: written by
 * the flush, so at most two writes a flush interval, and one changelog record a commit through the store's cache),
 * with the {@link DeltaFingerprint} of the analyses, partitioning and code the flushes were made with. Under
 * exactly-once the timelines, this flag and the forwarded deltas are committed in one transaction, and a commit
 * falls between two records or punctuations, never inside one. So when the committed flag is {@code clean} the
 * committed timelines are those of the last committed flush: every committed delta of this partition, from the last
 * reset on, adds up (each value absolute) to the share of exactly those timelines, and that is what the cohort stage
 * holds for this source once it has read them, whether it read them before the restart or reads them after. With an
 * equal fingerprint the rebuilt share equals it, so {@link #init} rebuilds only what later changes are computed
 * against (counts by row, exclusions, last-seen days: no follow-up dates, cut histories, subject entries nor subject
 * hashes), takes it as sent ({@link PartitionShare#resumed}), and sends no reset. Otherwise (no flag: a first start,
 * or an upgrade from a build without the store; {@code pending}: a commit, on the commit interval or asked for by
 * another task of the thread, came between a change and its flush; another fingerprint) it resets as above.
 */
final class TimelineProcessor implements Processor<String, PatientEvent, String, CohortDelta> {
    /** Items per delta record; keeps each record far below the broker's default 1 MB limit. */
    static final int MAX_ITEMS_PER_DELTA = 2_000;
    /** Patients per task whose timeline and derivations stay in memory (a few kB each). */
    static final int RECENT_PATIENTS = 10_000;
    /** Stored timelines per batch derived by one helper at init: large enough to amortise the hand-over. */
    static final int INIT_BATCH = 512;
    /** Helper threads that derive the stored patients at init: one per core (pure CPU work). */
    static final int INIT_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TimelineProcessor.class);
    /** The one key of {@code timeline-flushes}. */
    static final String FLUSH_KEY = "flush";
    /**
     * Its value's prefix when the timelines have not changed since the last flush; the fingerprint follows, then
     * {@code " at "} and the flush's wall-clock time (ms).
     */
    static final String CLEAN = "clean ";
    /**
     * The oldest clean flag a task resumes on: half of {@code delete.retention.ms} (24 h, {@link ChangelogTopics}).
     * Why: a cohort store restored from a local state directory reads its changelog only from where the directory
     * left off, so it misses a delete whose tombstone the cleaner has dropped meanwhile, which it may do once the
     * tombstone is {@code delete.retention.ms} old; a reset deletes whatever the source no longer has, a resume does
     * not. Every cohort-store delete of this source's data applies one of its deltas, so it is no older than the flag,
     * which the last flush that sent changes wrote: a flag younger than this leaves any such tombstone in the
     * changelog (the other half is margin for clocks of different instances).
     */
    static final Duration RESUME_MAX_AGE = Duration.ofHours(12);
    /** Its value's prefix when they have. */
    static final String PENDING = "pending ";

    /**
     * A patient's timeline with its derivation, follow-up dates and cut history per analysis (by index), its last
     * date, and the one-way hash of its key once computed (SHA-256 costs a microsecond; null until a subject entry
     * needs it).
     */
    private record Derived(PatientTimeline timeline, Derivation[] rows, FollowUpRecord[] followUps, CutHistory[] cuts,
            LocalDate lastSeen, String subject) {
        Derived withSubject(String hash) {
            return new Derived(timeline, rows, followUps, cuts, lastSeen, hash);
        }
    }

    private final List<AnalysisDefinition> analyses;
    /** What deriving each analysis' rows needs of its definition, by index (SubjectRows.plan). */
    private final SubjectRows.Plan[] plans;
    private final boolean[] followUpRule;
    private final boolean[] monitored;
    private final Counter processed;
    private final Duration flushInterval;
    /** Helper threads deriving at init; 1 derives on the stream thread alone. */
    private final int initThreads;
    private PartitionShare[] shares;
    /** On one thread: how long the last init spent decoding, deriving and hashing (the rest: reading, adding), ns. */
    private long initPreparingNanos = -1;
    /**
     * The latest timeline and derivations of recently changed patients (least recently used out first), so an
     * event for one of them skips reading and decoding the stored timeline and deriving its old contribution
     * again. Only a shortcut: a miss reads the store, and {@link #init} empties it with the shares.
     */
    private final java.util.LinkedHashMap<String, Derived> recent = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Derived> eldest) {
            return size() > RECENT_PATIENTS;
        }
    };
    private ProcessorContext<String, CohortDelta> context;
    private KeyValueStore<String, PatientTimelineState> timelines;
    /** The flag of {@code timeline-flushes} (class comment); null in a test context without the store: always resets. */
    private KeyValueStore<String, String> flushes;
    /** {@link DeltaFingerprint} of what this task's deltas are made with. */
    private final String fingerprint;
    /** Whether {@link #flushes} holds {@code clean} with this fingerprint: then a change must write {@code pending}. */
    private boolean storedClean;
    /** How many of the partition's patients were last seen on each date: the analysis clock is the latest. */
    private final LastSeenDays lastSeenDays = new LastSeenDays();
    private final boolean[] keepsSubjects;
    private final boolean inputOffsets;
    private long nextOffset = -1;
    private long flushedOffset = -1;
    /** How far the consumer is behind this task's input partition ({@link InputLag}). */
    private final InputLag inputLag;
    /** Whether this task's deltas have carried the caught-up mark since its start ({@link #caughtUpNow}). */
    private boolean caughtUp;
    /** Whether the consumer had read the partition to its end at the previous flush. */
    private boolean endReadAtLastFlush;

    /**
     * @param inputOffsets whether the deltas carry the input offset they reflect, and go out when only it moved (the
     *     measurement hook of {@link CohortProcessor.Settings#inputOffsets}); otherwise a delta goes out only when
     *     an analysis' share changed
     */
    TimelineProcessor(List<AnalysisDefinition> analyses, Counter processed, Duration flushInterval,
            boolean inputOffsets) {
        this(analyses, processed, flushInterval, inputOffsets, INIT_THREADS, InputLag.UNKNOWN);
    }

    /** @param initThreads helper threads deriving the stored patients at init; 1: on the stream thread alone */
    TimelineProcessor(List<AnalysisDefinition> analyses, Counter processed, Duration flushInterval,
            boolean inputOffsets, int initThreads) {
        this(analyses, processed, flushInterval, inputOffsets, initThreads, InputLag.UNKNOWN);
    }

    /**
     * @param inputLag how far the consumer is behind the task's input partition: what decides when its deltas carry
     *     the caught-up mark ({@link #caughtUpNow}); {@link InputLag#UNKNOWN}: at once, with the reset
     */
    TimelineProcessor(List<AnalysisDefinition> analyses, Counter processed, Duration flushInterval,
            boolean inputOffsets, int initThreads, InputLag inputLag) {
        this(analyses, processed, flushInterval, inputOffsets, initThreads, inputLag,
                DeltaFingerprint.of(analyses, 1));
    }

    /**
     * @param fingerprint what the deltas are made with ({@link DeltaFingerprint#of}): a task whose last clean flush
     *     stored another one resets
     */
    TimelineProcessor(List<AnalysisDefinition> analyses, Counter processed, Duration flushInterval,
            boolean inputOffsets, int initThreads, InputLag inputLag, String fingerprint) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.inputLag = Objects.requireNonNull(inputLag, "inputLag");
        if (initThreads < 1) {
            throw new IllegalArgumentException("initThreads must be >= 1, was " + initThreads);
        }
        this.initThreads = initThreads;
        this.inputOffsets = inputOffsets;
        this.analyses = List.copyOf(analyses);
        this.processed = processed;
        this.flushInterval = flushInterval;
        this.plans = this.analyses.stream().map(SubjectRows::plan).toArray(SubjectRows.Plan[]::new);
        this.followUpRule = new boolean[this.analyses.size()];
        this.monitored = new boolean[this.analyses.size()];
        this.keepsSubjects = new boolean[this.analyses.size()];
        for (int i = 0; i < followUpRule.length; i++) {
            AnalysisDefinition def = this.analyses.get(i);
            followUpRule[i] = SubjectSnapshot.needsFollowUp(def);
            monitored[i] = def.monitoring().isPresent();
            keepsSubjects[i] = SubjectSnapshot.needed(def);
        }
    }

    /**
     * A patient's rows only, for the shares of a task that resumes without a reset: follow-up dates and cut histories
     * are left out (null), so such a value never goes into {@link #recent}.
     */
    private Derived deriveRows(PatientTimeline t) {
        Derivation[] rows = new Derivation[analyses.size()];
        PatientFacts facts = PatientFacts.of(t);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = SubjectRows.derive(facts, plans[i]);
        }
        return new Derived(t, rows, new FollowUpRecord[rows.length], new CutHistory[rows.length], facts.lastSeen(),
                null);
    }

    private Derived derive(PatientTimeline t) {
        Derivation[] rows = new Derivation[analyses.size()];
        FollowUpRecord[] followUps = new FollowUpRecord[analyses.size()];
        CutHistory[] cuts = new CutHistory[analyses.size()];
        PatientFacts facts = PatientFacts.of(t); // once per patient, shared by every analysis
        for (int i = 0; i < rows.length; i++) {
            rows[i] = SubjectRows.derive(facts, plans[i]);
            // Follow-up dates exist only for a patient with a row (FollowUpRecord.of says so too).
            followUps[i] = followUpRule[i] ? FollowUpRecord.of(facts, analyses.get(i), rows[i]).orElse(null) : null;
            cuts[i] = monitored[i] ? SubjectRows.cutHistory(facts, plans[i]) : null;
        }
        return new Derived(t, rows, followUps, cuts, facts.lastSeen(), null);
    }

    @Override
    public void init(ProcessorContext<String, CohortDelta> context) {
        this.context = context;
        this.timelines = context.getStateStore(Names.TIMELINES_STORE);
        // The store is restored by now: rebuild this partition's shares from it (see the class comment). A task
        // that Streams revives after an error calls init again on the same processor: start from nothing.
        shares = new PartitionShare[analyses.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = new PartitionShare(keepsSubjects[i], analyses.get(i).endpoint().causeCount());
        }
        lastSeenDays.clear();
        recent.clear();
        nextOffset = -1;
        flushedOffset = -1;
        caughtUp = false;
        endReadAtLastFlush = false;
        flushes = context.getStateStore(Names.FLUSHES_STORE); // null only in a test context without it
        String flag = flushes == null ? null : flushes.get(FLUSH_KEY);
        storedClean = resumable(flag);
        long started = System.nanoTime();
        int patients = rebuild(!storedClean);
        if (storedClean) {
            LocalDate clock = lastSeenDays.latest();
            for (PartitionShare share : shares) {
                share.resumed(clock);
            }
        } else {
            for (PartitionShare share : shares) {
                share.markReset();
            }
        }
        if (LOG.isDebugEnabled()) {
            // A count and a time only: what a restart's wait for RUNNING consists of (docs/scale-measurements.md).
            LOG.debug("timeline task {} {}: {} patients derived in {} ms on {} thread(s){}", context.taskId(),
                    storedClean ? "resumes without a reset (its last commit had every change flushed)"
                            : "rebuilt its shares to send them whole with a reset (" + resetReason(flag) + ")",
                    patients, (System.nanoTime() - started) / 1_000_000, initThreads,
                    initThreads == 1 ? " (decoding, deriving and hashing " + initPreparingNanos / 1_000_000 + " ms)" : "");
        }
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush(now));
    }

    /**
     * Adds every stored patient's contribution to the shares; returns how many patients there were.
     *
     * <p>Why in parallel: this runs on the stream thread between the end of the restore and RUNNING, for every
     * patient of the partition and all analyses, and the thread commits nothing meanwhile. At 10^6 patients (three
     * partitions on two stream threads) the tasks' initialisation took 44 s after the last store was restored; at 10^5
     * (debug line below, one thread, load 9-14 on 2 cores) each timeline task's took 3.7-8.9 s for ~33,000 patients, of
     * which decoding and deriving 1.8-3.7 s (docs/scale-measurements.md). Decoding, deriving and hashing a patient
     * are pure ({@link #prepare}) and independent of the other patients, so batches of stored timelines are prepared
     * on {@code initThreads} helper threads while the stream thread reads the next batches and adds the prepared ones
     * to the shares in store order: the shares, and so the reset, come out exactly as on one thread
     * ({@code TimelineProcessorInitTest}). Reading the store (RocksDB and the Avro decoding of its values) stays on
     * the stream thread: Streams' iterator is not shared. Persisting the shares instead would have to keep them consistent with
     * {@code patient-timelines} at every commit, which means a store write per event (the cost the in-memory shares
     * avoid) or a record of the patients changed since the last flush; deriving lazily is not possible, since the
     * first flush must send the whole share.
     */
    private int rebuild(boolean full) {
        int patients = 0;
        try (KeyValueIterator<String, PatientTimelineState> it = timelines.all()) {
            if (initThreads <= 1) {
                long preparing = 0;
                while (it.hasNext()) {
                    KeyValue<String, PatientTimelineState> kv = it.next();
                    long t0 = System.nanoTime();
                    Stored p = prepare(kv.key, kv.value, full);
                    preparing += System.nanoTime() - t0;
                    add(p);
                    patients++;
                }
                initPreparingNanos = preparing;
                return patients;
            }
            java.util.concurrent.ExecutorService helpers = java.util.concurrent.Executors.newFixedThreadPool(
                    initThreads, r -> {
                        Thread t = new Thread(r, "followup-monitor-timeline-init");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                // At most two batches per helper read ahead: bounded memory (a batch holds INIT_BATCH timelines).
                java.util.ArrayDeque<java.util.concurrent.Future<List<Stored>>> ahead = new java.util.ArrayDeque<>();
                while (it.hasNext() || !ahead.isEmpty()) {
                    if (it.hasNext() && ahead.size() < 2 * initThreads) {
                        List<KeyValue<String, PatientTimelineState>> batch = new java.util.ArrayList<>(INIT_BATCH);
                        while (batch.size() < INIT_BATCH && it.hasNext()) {
                            batch.add(it.next());
                        }
                        ahead.add(helpers.submit(() -> {
                            List<Stored> out = new java.util.ArrayList<>(batch.size());
                            for (KeyValue<String, PatientTimelineState> kv : batch) {
                                out.add(prepare(kv.key, kv.value, full));
                            }
                            return out;
                        }));
                        continue;
                    }
                    for (Stored p : join(ahead.poll())) {
                        add(p);
                        patients++;
                    }
                }
                return patients;
            } finally {
                helpers.shutdownNow();
            }
        }
    }

    private static <T> T join(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding the partition shares", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * A stored patient's whole contribution: its derivations, its subject entry per analysis (null where it has none
     * or the analysis keeps no subjects) and the hash of its key (null when no entry needs it).
     */
    private record Stored(Derived derived, SubjectEntry[] entries, String subject) {}

    /**
     * Decodes, derives and hashes a stored patient: pure, so a helper thread may do it. Not {@code full}: its rows
     * only, no subject entries (a task that resumes without a reset).
     */
    private Stored prepare(String key, PatientTimelineState value, boolean full) {
        if (!full) {
            return new Stored(deriveRows(AvroEvents.fromAvro(value)), null, null);
        }
        Derived d = derive(AvroEvents.fromAvro(value));
        SubjectEntry[] entries = new SubjectEntry[analyses.size()];
        String subject = null;
        for (int i = 0; i < entries.length; i++) {
            entries[i] = keepsSubjects[i] ? entry(d.rows()[i], d.followUps()[i], d.cuts()[i]) : null;
            if (entries[i] != null && subject == null) {
                subject = CohortKeys.subjectOf(key);
            }
        }
        return new Stored(d, entries, subject);
    }

    /** Adds a stored patient's whole contribution to the shares (at init, on the stream thread). */
    private void add(Stored p) {
        lastSeenDays.add(p.derived().lastSeen(), +1);
        for (int i = 0; i < shares.length; i++) {
            shares[i].add(p.derived().rows()[i], +1);
            if (p.entries() != null && p.entries()[i] != null) {
                shares[i].subject(p.subject(), p.entries()[i]);
            }
        }
    }

    /** A subject's entry for an analysis that keeps subjects; null when it has no row, follow-up dates or history. */
    private static SubjectEntry entry(Derivation d, FollowUpRecord followUp, CutHistory cuts) {
        SubjectRow row = d instanceof Derivation.Row r ? r.row() : null;
        return row == null && followUp == null && cuts == null ? null : new SubjectEntry(row, followUp, cuts);
    }

    @Override
    public void process(Record<String, PatientEvent> record) {
        String key = record.key();
        if (key == null || key.isBlank()) {
            throw new InvalidEventException("record has no patient key");
        }
        if (record.value() == null) {
            throw new InvalidEventException("record has no value (tombstones are not events; use an Erasure)");
        }
        ClinicalEvent event;
        try {
            event = AvroEvents.fromAvro(record.value());
        } catch (RuntimeException e) {
            throw new InvalidEventException("invalid event: " + e.getMessage());
        }
        if (!key.equals(event.patientId())) {
            throw new InvalidEventException("the event's patient does not match the record key");
        }
        processed.increment();
        if (inputOffsets) {
            context.recordMetadata().map(RecordMetadata::offset).ifPresent(o -> nextOffset = Math.max(nextOffset, o + 1));
        }
        Derived was = recent.get(key);
        if (was == null) {
            PatientTimelineState stored = timelines.get(key);
            was = derive(stored == null ? PatientTimeline.empty() : AvroEvents.fromAvro(stored));
        }
        PatientTimeline after = was.timeline().with(event);
        if (after.equals(was.timeline())) {
            return; // a duplicate, or a late event for an erased patient
        }
        if (storedClean) {
            // Committed with the put below or not at all (class comment): a restart before the next flush resets.
            // Written first, so that no failure between the two leaves a changed timeline under a clean flag.
            flushes.put(FLUSH_KEY, PENDING + fingerprint);
            storedClean = false;
        }
        // An erased patient keeps only an empty, erased marker, so later events stay erased.
        timelines.put(key, AvroEvents.toAvro(after));
        Derived is = derive(after);
        // The clock is the latest date any patient with events was seen: the same for every analysis (a patient
        // without events is excluded from all of them as EMPTY_TIMELINE, and has no date).
        if (!Objects.equals(was.lastSeen(), is.lastSeen())) {
            lastSeenDays.add(was.lastSeen(), -1);
            lastSeenDays.add(is.lastSeen(), +1);
        }
        String subject = was.subject();
        for (int i = 0; i < shares.length; i++) {
            boolean rowChanged = !was.rows()[i].equals(is.rows()[i]);
            if (rowChanged) {
                shares[i].add(was.rows()[i], -1);
                shares[i].add(is.rows()[i], +1);
            }
            if (keepsSubjects[i] && (rowChanged || !Objects.equals(was.followUps()[i], is.followUps()[i])
                    || !Objects.equals(was.cuts()[i], is.cuts()[i]))) {
                subject = subject == null ? CohortKeys.subjectOf(key) : subject;
                shares[i].subject(subject, entry(is.rows()[i], is.followUps()[i], is.cuts()[i]));
            }
        }
        recent.put(key, is.withSubject(subject));
    }

    /**
     * Sends what changed in each analysis' share; nothing for an analysis whose share did not change, unless the
     * input-offset hook is on and the offset moved (the release stage then learns its result stands through it), or
     * this flush carries the caught-up mark ({@link #caughtUpNow}): then every analysis' last record of the flush has
     * it, an otherwise empty record where nothing changed.
     */
    private void flush(long now) {
        boolean offsetMoved = inputOffsets && nextOffset != flushedOffset;
        int source = context.taskId().partition();
        boolean mark = !caughtUp && caughtUpNow(source);
        LocalDate clock = lastSeenDays.latest();
        boolean sent = false;
        for (int i = 0; i < shares.length; i++) {
            boolean changes = offsetMoved || shares[i].hasChanges(clock);
            if (!changes && !mark) {
                continue;
            }
            String name = analyses.get(i).name();
            List<CohortDelta> deltas = changes
                    ? shares[i].drain(name, source, nextOffset, MAX_ITEMS_PER_DELTA, clock) : List.of();
            if (mark) {
                deltas = marked(deltas, name, source);
            }
            for (CohortDelta delta : deltas) {
                context.forward(new Record<>(name, delta, now));
                sent = true;
            }
        }
        flushedOffset = nextOffset;
        if (flushes != null && !storedClean) {
            // Every change is in the deltas above (or changed no share): committed with them, it lets a restart skip
            // the reset. Written after a reset's first flush too, which is what makes the flag mean anything.
            flushes.put(FLUSH_KEY, CLEAN + fingerprint + " at " + now);
            storedClean = true;
        }
        if (mark) {
            caughtUp = true;
            LOG.debug("timeline task {} caught up with its input", context.taskId());
        }
        if (sent) {
            // Deltas are readable downstream (read_committed) only once committed: asking for the commit now,
            // rather than waiting up to a commit interval, takes that wait out of every result's latency.
            context.commit();
        }
    }

    /**
     * Whether a task may resume on {@code flag}: clean, with this fingerprint, written less than
     * {@link #RESUME_MAX_AGE} ago by the wall clock.
     */
    private boolean resumable(String flag) {
        String prefix = CLEAN + fingerprint + " at ";
        if (flag == null || !flag.startsWith(prefix)) {
            return false;
        }
        try {
            return context.currentSystemTimeMs() - Long.parseLong(flag.substring(prefix.length())) < RESUME_MAX_AGE.toMillis();
        } catch (NumberFormatException e) {
            return false; // not written by this build's flush: reset
        }
    }

    /** Why a task resets, for the debug line: what its flag said. */
    private String resetReason(String flag) {
        if (flushes == null) {
            return "no flush store";
        }
        if (flag == null) {
            return "no flag: a first start, or the store is new";
        }
        if (!flag.contains(" " + fingerprint)) {
            return "the analyses, their partitioning or the code changed";
        }
        if (flag.startsWith(CLEAN)) {
            return "its last flush with changes is older than " + RESUME_MAX_AGE.toHours() + " h";
        }
        return "its last commit came between a change and its flush";
    }

    /** The flush's deltas of one analysis with the caught-up mark on the last: an empty record where there is none. */
    private List<CohortDelta> marked(List<CohortDelta> deltas, String name, int source) {
        if (deltas.isEmpty()) {
            return List.of(CohortDelta.caughtUpMark(name, source, nextOffset));
        }
        List<CohortDelta> out = new java.util.ArrayList<>(deltas);
        out.set(out.size() - 1, out.get(out.size() - 1).withCaughtUp());
        return out;
    }

    /**
     * Whether this flush carries the caught-up mark ({@link CohortDelta#caughtUp}): without lag information
     * ({@link InputLag#UNKNOWN}) at once, so the reset carries it; otherwise once the consumer had read the partition
     * to its end at the previous flush and still has now. Why two flushes: a lag of 0 says the consumer has fetched
     * everything, not that this task has processed it; Kafka Streams processes a task's fetched records before it
     * punctuates it, so what was fetched by the previous flush has been processed, and goes out with this one (under
     * a stream thread that falls further behind, the cohort stage's Cox interval of quiet after the mark,
     * {@link CoxRefresher#delta}, and its reset wait still bound the result). Continuous input does not hold the mark
     * back: the lag is 0 whenever the consumer has fetched what there is.
     */
    private boolean caughtUpNow(int source) {
        if (inputLag == InputLag.UNKNOWN) {
            return true;
        }
        java.util.OptionalLong lag = inputLag.lag(source);
        boolean endRead = lag.isPresent() && lag.getAsLong() == 0;
        boolean now = endRead && endReadAtLastFlush;
        endReadAtLastFlush = endRead;
        return now;
    }

}
