package org.followupmonitor.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * How the cohort stage slows down while this process has a backlog of input ({@link InputBacklog}): a publishing
 * round at most every {@code roundInterval} ({@link PublicationScheduler}) and an analysis' paced refresh of its
 * subject-level parts at most every {@code refreshInterval} ({@link CoxRefresher}), on top of their usual pacing; once
 * the backlog is read, the usual pacing alone.
 *
 * <p>Why: while a backlog is read, every round recomputes the changed analyses, encodes each result (~210 kB at
 * 20,000 patients) and hands it to the release stage, which reads, plans and publishes it, and the fitter refreshes
 * the Cox models on subjects that the next seconds of input overtake. All of it is work per unit of time, not per
 * event: in a flight recording of a backfill of 10^5 patients (about 557,000 events, 107 s from ready to the exact
 * result, README "Known limits", Scale) the rounds, the release stage and the fitter took 15–35% of the sampled CPU
 * while the events were read and 50–70% in the last 30 s, while the cohort stage applied the deltas the timeline
 * stage had sent. Results of a half-read backlog are superseded within seconds; the cores are better spent reading
 * it. A round every few seconds still shows the dashboard the backfill's progress, each result with its basis and
 * stale mark saying what it reflects.
 *
 * @param thresholdEvents the backlog of the timeline stage: events of {@code patient-events} not yet fetched by this
 *     process ({@link InputLag#total}) above which the slower pacing applies
 * @param deltaAge        the backlog of the cohort stage: the slower pacing applies while the deltas it applies were
 *     sent by the timeline stage longer ago than this (their record time is the flush's wall clock)
 * @param roundInterval   while behind, the least time from one round's start to the next's
 * @param refreshInterval while behind, the least time from one paced refresh of an analysis to the next
 */
public record BacklogPacing(long thresholdEvents, Duration deltaAge, Duration roundInterval,
        Duration refreshInterval) {
    /**
     * The app's: behind above 50,000 events or with deltas older than 10 s, then a round at most every 5 s and a paced
     * refresh at most every 60 s.
     *
     * <p>Why 50,000 events: 5 s of input at 10,000 events/s, the streaming goal's rate; a consumer that keeps up has
     * fetched nearly everything (the lag counts what it has not fetched), while a backfill of 10^4 patients is about
     * 55,000 events and one of 10^6 about 5.5 million. Why 10 s for the deltas: under streaming load on 2 shared cores a
     * delta waited 0.9–6.6 s (p99) from its flush until applied (docs/scale-measurements.md); older than 10 s, the
     * results are already that late, and a round every 5 s adds at most half of it. Why 5 s: the dashboard still moves
     * every few seconds, and a round's recomputation, encoding and release take their time a few times in 5 s instead
     * of every few hundred milliseconds. Why 60 s: a refresh computes for 0.5–8 s of the one fitter slot at 10^5
     * patients and seconds per model at 10^6, and is overtaken within seconds while the backlog is read; a minute keeps
     * one Cox update a minute on the dashboard. Once the backlog is read nothing waits: the next tick may run a round,
     * and a refresh is due as soon as its usual pace from the last paced one allows.
     */
    public static final BacklogPacing DEFAULT = new BacklogPacing(50_000, Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(60));

    public BacklogPacing {
        Objects.requireNonNull(deltaAge, "deltaAge");
        Objects.requireNonNull(roundInterval, "roundInterval");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        if (thresholdEvents < 0 || deltaAge.isNegative() || roundInterval.isNegative()
                || refreshInterval.isNegative()) {
            throw new IllegalArgumentException("backlog pacing must not be negative, was " + thresholdEvents + ", "
                    + deltaAge + ", " + roundInterval + ", " + refreshInterval);
        }
    }
}
