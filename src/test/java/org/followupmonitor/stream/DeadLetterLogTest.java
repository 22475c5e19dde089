package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One line per dead letter, and under load a summary per interval instead of the rest (a hand-driven clock). */
class DeadLetterLogTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final DeadLetterLog log = new DeadLetterLog("patient-events-dlq", lines::add, clock::get);

    @Test
    void eachDeadLetterIsOneLineNamingWhereItCameFromAndWhy() {
        log.record("undecodable", "patient-events", 2, 17, "BAD_MAGIC: first byte is 0x67\n  at somewhere");
        assertThat(lines).containsExactly("dead letter: undecodable record patient-events-2@17 sent to "
                + "patient-events-dlq: BAD_MAGIC: first byte is 0x67 at somewhere");
    }

    @Test
    void underLoadTheLinesStopAtTheBudgetAndASummaryFollowsEachInterval() {
        for (int i = 0; i < 250; i++) {
            log.record(i % 5 == 0 ? "invalid" : "undecodable", "patient-events", 0, i, "reason " + i);
        }
        assertThat(lines).hasSize(DeadLetterLog.LINES_PER_INTERVAL);
        log.rollIfDue(); // not yet due: nothing
        assertThat(lines).hasSize(DeadLetterLog.LINES_PER_INTERVAL);

        clock.addAndGet(DeadLetterLog.INTERVAL.toNanos());
        log.rollIfDue();
        assertThat(lines).hasSize(DeadLetterLog.LINES_PER_INTERVAL + 1);
        // 250 records, 10 logged: 240 summarised (of the 50 invalid ones, records 0, 5 were logged).
        assertThat(lines.get(lines.size() - 1)).isEqualTo("dead letters: 240 more within 30 s not logged one by one "
                + "(48 invalid, 192 undecodable); the records and their reasons are in patient-events-dlq");

        // A new interval has a new budget.
        log.record("invalid", "patient-events", 1, 999, "again");
        assertThat(lines.get(lines.size() - 1)).startsWith("dead letter: invalid record patient-events-1@999");
        // Nothing suppressed in it: no summary at its end or on close.
        clock.addAndGet(DeadLetterLog.INTERVAL.toNanos());
        log.rollIfDue();
        log.flush();
        assertThat(lines).hasSize(DeadLetterLog.LINES_PER_INTERVAL + 2);
    }
}
