package org.followupmonitor.bench;

import java.nio.file.Path;

/**
 * What one bench run does.
 *
 * @param patients synthetic patients whose events are sent in the rate phases (1..10,000,000)
 * @param rate     offered load of the latency phase, events per second (1..1,000,000)
 * @param seconds  length of the latency phase (1..3,600)
 * @param dataDir  directory for the broker, registry and state stores; null for a fresh temporary one
 * @param keep     keep the data directory afterwards (a temporary one is otherwise deleted)
 * @param debounceMillis the monitor's debounce (how often changed analyses are recomputed), 10..60,000 ms
 * @param cpuByThread also note the CPU time per event of each group of threads in the timed phases ({@link ThreadCpu})
 */
public record BenchSettings(int patients, int rate, int seconds, Path dataDir, boolean keep, int debounceMillis,
        boolean cpuByThread) {
    public static final int DEFAULT_PATIENTS = 20_000;
    public static final int DEFAULT_RATE = 10_000;
    public static final int DEFAULT_SECONDS = 20;
    public static final int DEFAULT_DEBOUNCE_MILLIS = 100;

    /** @throws IllegalArgumentException naming the option that is out of range */
    public BenchSettings {
        if (patients < 1 || patients > 10_000_000) {
            throw new IllegalArgumentException("--patients must be 1..10000000, was " + patients);
        }
        if (rate < 1 || rate > 1_000_000) {
            throw new IllegalArgumentException("--rate must be 1..1000000 events/s, was " + rate);
        }
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("--seconds must be 1..3600, was " + seconds);
        }
        if (debounceMillis < 10 || debounceMillis > 60_000) {
            throw new IllegalArgumentException("--debounce-ms must be 10..60000, was " + debounceMillis);
        }
    }

    /** Without the CPU notes. */
    public BenchSettings(int patients, int rate, int seconds, Path dataDir, boolean keep, int debounceMillis) {
        this(patients, rate, seconds, dataDir, keep, debounceMillis, false);
    }

    /** Events the latency phase offers in total. */
    public long latencyEvents() {
        return (long) rate * seconds;
    }
}
