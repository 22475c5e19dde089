package org.followupmonitor.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an {@link EventPublisher} has done so far. Holds no patient id.
 *
 * @param attempted         events given to {@link EventPublisher#send}
 * @param acknowledged      events the broker confirmed (acks=all)
 * @param failed            events that could not be sent (serialisation, registry, broker errors, timeouts)
 * @param failuresByReason  failed events by reason (an exception type or a registry serde reason), sorted
 */
public record PublishStats(long attempted, long acknowledged, long failed, Map<String, Long> failuresByReason) {
    public PublishStats {
        if (attempted < 0 || acknowledged < 0 || failed < 0 || acknowledged + failed > attempted) {
            throw new IllegalArgumentException("publish counts inconsistent: attempted " + attempted
                    + ", acknowledged " + acknowledged + ", failed " + failed);
        }
        failuresByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(failuresByReason));
    }

    /** Sent but not yet acknowledged nor failed (0 after {@link EventPublisher#flush()}). */
    public long pending() {
        return attempted - acknowledged - failed;
    }
}
