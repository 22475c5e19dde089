/**
 * The {@code bench} harness: on a fresh embedded broker and registry, the raw idempotent-producer rate, the
 * end-to-end exactly-once pipeline rate and the publication latency at a paced load, measured in one run.
 * Wall-clock measurements belong here and in JMH, never in timed test assertions.
 */
package org.followupmonitor.bench;
