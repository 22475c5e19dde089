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
 */
public record ScaleSettings(int patients, int instances, Path dataDir, boolean keep, int debounceMillis,
        String monitorHeap, List<String> jvmOptions) {
    public static final int DEFAULT_INSTANCES = 1;
    public static final String DEFAULT_MONITOR_HEAP = "4g";

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
