package org.followupmonitor.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What one scale run ({@code bench --scale}) does.
 *
 * @param patients       synthetic patients (1..10,000,000)
 * @param instances      monitors sharing the partitions: 1 (backfill, kill -9, restart) or 2 (backfill split)
 * @param dataDir        directory for the broker, registry, state stores and files; null for a temporary one
 * @param keep           keep the data directory afterwards
 * @param debounceMillis the monitors' debounce, 10..60,000 ms
 * @param monitorHeap    the child monitors' maximum heap, as for {@code -Xmx} (e.g. {@code 4g})
 * @param jvmOptions     further options for the child monitors' JVMs (e.g. a flight recording)
 * @param steadyEvents   events offered to the warm monitor(s) after the backfill, from patients not in the cohort
 *                       (whole patients, so a few more), 0..1,000,000; 0: no steady phase
 * @param steadyRate     the rate they are offered at, events/s, 1..1,000,000
 */
public record ScaleSettings(int patients, int instances, Path dataDir, boolean keep, int debounceMillis,
        String monitorHeap, List<String> jvmOptions, int steadyEvents, int steadyRate) {
    public static final int DEFAULT_INSTANCES = 1;
    public static final String DEFAULT_MONITOR_HEAP = "4g";
    /**
     * The steady phase's events, the same at every cohort size: 10 s at {@link #DEFAULT_STEADY_RATE}, long enough for
     * a few Cox refreshes (every 2 s or more) and many publication rounds, short enough that at 10^4 patients the
     * cohort grows by under its own size (about 9,000 patients are added).
     */
    public static final int DEFAULT_STEADY_EVENTS = 50_000;
    /**
     * The steady phase's offered rate: about half of what the whole pipeline sustains on this 2-core machine with the
     * broker in the same JVM (8,900–9,900 events/s, README Known limits), so the phase measures a monitor keeping up,
     * not one catching up ({@code steady s} close to events / rate says it kept up).
     */
    public static final int DEFAULT_STEADY_RATE = 5_000;
    static final int MAX_STEADY_EVENTS = 1_000_000;
    static final int MAX_STEADY_RATE = 1_000_000;

    /** @throws IllegalArgumentException naming the option that is out of range */
    public ScaleSettings {
        if (patients < 1 || patients > 10_000_000) {
            throw new IllegalArgumentException("--patients must be 1..10000000, was " + patients);
        }
        if (instances < 1 || instances > 2) {
            throw new IllegalArgumentException("--instances must be 1 or 2, was " + instances);
        }
        if (debounceMillis < 10 || debounceMillis > 60_000) {
            throw new IllegalArgumentException("--debounce-ms must be 10..60000, was " + debounceMillis);
        }
        if (monitorHeap == null || !monitorHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException("--monitor-heap must be a size as for -Xmx (e.g. 4g), was "
                    + monitorHeap);
        }
        if (steadyEvents < 0 || steadyEvents > MAX_STEADY_EVENTS) {
            throw new IllegalArgumentException("--steady-events must be 0..1000000 (0: no steady phase), was "
                    + steadyEvents);
        }
        if (steadyRate < 1 || steadyRate > MAX_STEADY_RATE) {
            throw new IllegalArgumentException("--steady-rate must be 1..1000000 events/s, was " + steadyRate);
        }
        jvmOptions = List.copyOf(jvmOptions);
        for (String o : jvmOptions) {
            if (!o.startsWith("-")) {
                throw new IllegalArgumentException("--monitor-jvm-option must start with '-', was " + o);
            }
        }
    }

    /** Patients whose events are sent only after the kill (1 %, at least 1, none when there is one patient). */
    public int tailPatients() {
        return instances == 1 && patients > 1 ? Math.max(1, patients / 100) : 0;
    }
}
