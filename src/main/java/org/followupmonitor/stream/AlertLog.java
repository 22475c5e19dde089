package org.followupmonitor.stream;

import java.util.ArrayList;
import java.util.List;
import org.followupmonitor.alerts.Alert;

/**
 * Per analysis, in the {@code alert-state} store: which conditions are raised (so a restart does
 * not raise them again) and the most recent alerts, newest first, for the API's feed.
 */
public record AlertLog(String state, List<Alert> recent) {
    static final int KEEP = 100;

    public AlertLog {
        recent = List.copyOf(recent);
    }

    AlertLog with(String newState, List<Alert> alerts) {
        List<Alert> all = new ArrayList<>(alerts.size() + recent.size());
        for (int i = alerts.size() - 1; i >= 0; i--) {
            all.add(alerts.get(i));
        }
        all.addAll(recent);
        return new AlertLog(newState, all.subList(0, Math.min(KEEP, all.size())));
    }
}
