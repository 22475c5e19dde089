package org.followupmonitor.stream;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisResult;

/**
 * What one cohort task writes to {@code release-inputs}: a recomputed result only when its bytes differ from the last
 * result this task wrote for that analysis. The release stage plans on each analysis' latest result alone
 * ({@link ReleaseProcessor}) and holds it (store {@code unreleased-results}; the compacted topic keeps it too), so a
 * result equal to the one it already holds adds nothing to what it publishes: released, it gives the same published
 * result, which is not republished. It still cost a write of ~220 kB, a read, a store write and its changelog, and,
 * pending, a plan of its own.
 *
 * <p>The result is encoded here, once (the sink copies these bytes, {@link Unreleased#encodedResult}), and compared as
 * bytes: the encoding is a function of the result, so equal bytes are an equal result (the rule never withholds a
 * change); a result equal in value but encoded otherwise would only be written again. Keeping the bytes rather than the
 * result costs about 220 kB per analysis of the task, not the result's objects.
 *
 * <p>What this saves is small in {@code bench --patients 20000}: over one whole run (warm-up, rate and latency phases,
 * 5 December 2026, load 6-14) the three cohort tasks recomputed 2,431 results and 63 (2.6%) equalled the last one
 * written; the rest changed (new counts, a later {@code asOf}). The larger waste there is elsewhere: 602 of the 2,367
 * results the release stage read (25%) were replaced by a newer one of their analysis before any plan took them (221
 * plans). Not writing those needs the release stage's plan timing at the cohort stage, which runs in another
 * application and, with two instances, possibly another process; not done.
 *
 * <p>In memory only, and emptied when the task (re)starts ({@link #restart}): after a crash, a move of the task or an
 * aborted transaction this task may not know what reached the topic, so the first result of each analysis is written
 * whatever it is. What the release stage needs after a kill -9 of either application is therefore always on the
 * topic: the last result written for each analysis is equal to the latest result computed.
 */
final class ReleaseInputs {
    private static final ResultSerde RESULTS = new ResultSerde();
    /** Per analysis, the bytes of the last result this task wrote (in a transaction that may still be open). */
    private final Map<String, byte[]> written = new HashMap<>();
    private long sent;
    private long skipped;

    /** The task (re)starts: nothing is known to be on the topic. */
    void restart() {
        written.clear();
    }

    /**
     * The result as it goes on the topic, or null when it equals the last one written for its analysis (nothing to
     * write); a returned result is recorded as written.
     */
    byte[] toWrite(AnalysisResult result) {
        byte[] bytes = RESULTS.serializer().serialize(Names.RELEASE_INPUTS, result);
        byte[] last = written.get(result.name());
        if (last != null && Arrays.equals(last, bytes)) {
            skipped++;
            return null;
        }
        written.put(result.name(), bytes);
        sent++;
        return bytes;
    }

    /** Results written since the start of this object (for the debug summary and tests). */
    long sent() {
        return sent;
    }

    /** Results not written because they equalled the last one written. */
    long skipped() {
        return skipped;
    }
}
