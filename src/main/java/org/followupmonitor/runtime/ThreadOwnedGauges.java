package org.followupmonitor.runtime;

import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.MetricName;

/**
 * Kafka Streams gauges whose value is read from state the stream thread owns, with nothing that makes a read from
 * another thread safe: the monitor must not read them (no Prometheus scrape, no binder refresh). The rule looks at a
 * metric's name only, so it decides before anything calls {@code metricValue()}.
 *
 * <p>Checked against kafka-streams 4.4.0 ({@code javap -c -p}):
 * <ul>
 * <li>{@code uncommitted-bytes} ({@code StateStoreMetrics.addUncommittedBytesGauge}, registered by
 * {@code MeteredKeyValueStore.registerMetrics}): {@code RocksDBStore.approximateNumUncommittedBytes} calls
 * {@code WriteBatch.getDataSize} on the transaction's native write batch, which the stream thread frees at commit
 * and close. A read from another thread crashed the JVM (SIGSEGV in {@code Java_org_rocksdb_WriteBatch_getDataSize},
 * thread "micrometer-kafka-metrics", during a 10^6-patient {@code bench --scale}).</li>
 * <li>The RocksDB property gauges ({@code RocksDBMetricsRecorder.initGauges}): each read calls
 * {@code RocksDB.getLongProperty}/{@code getAggregatedLongProperty} on the store's native handle taken from
 * {@code storeToValueProviders}. {@code RocksDBStore.close} removes the handle from that map and then closes the
 * database, with no lock shared with the reader, so a read that took the handle just before reads freed native
 * memory: the same kind of crash.</li>
 * </ul>
 * Left exported, because a read from another thread is memory-safe Java: {@code num-open-iterators} (a
 * {@code LongAdder}), {@code oldest-iterator-open-since-ms} (a {@code ConcurrentSkipListSet}), {@code num-keys}
 * (in-memory stores only: {@code TreeMap.size()}, an int read, at worst stale), and the sensor-based rates, averages
 * and totals (Kafka's {@code Sensor} stats, which JMX reads from other threads).
 *
 * <p>The same gauges must stay out of JMX ({@link #jmxExclusion}), since any JMX client reads an MBean's attributes
 * on its own thread.
 */
record ThreadOwnedGauges(String group, Set<String> names) {

    /** The store-level gauges of Kafka Streams 4.4.0 that read the stream thread's native state. */
    static final ThreadOwnedGauges STATE_STORES = new ThreadOwnedGauges("stream-state-metrics", Set.of(
            "uncommitted-bytes",
            // RocksDBMetricsRecorder.initGauges, in its order
            "num-immutable-mem-table", "cur-size-active-mem-table", "cur-size-all-mem-tables",
            "size-all-mem-tables", "num-entries-active-mem-table", "num-deletes-active-mem-table",
            "num-entries-imm-mem-tables", "num-deletes-imm-mem-tables", "mem-table-flush-pending",
            "num-running-flushes", "compaction-pending", "num-running-compactions",
            "estimate-pending-compaction-bytes", "total-sst-files-size", "live-sst-files-size", "num-live-versions",
            "estimate-num-keys", "estimate-table-readers-mem", "background-errors", "block-cache-capacity",
            "block-cache-usage", "block-cache-pinned-usage"));

    ThreadOwnedGauges {
        names = Set.copyOf(names);
    }

    /**
     * The Kafka Streams client's JMX domain: {@code KafkaStreams} builds its {@code Metrics} with a
     * {@code KafkaMetricsContext("kafka.streams", ...)}, whose namespace {@code JmxReporter.contextChange} takes as
     * the MBean name's domain (kafka-streams 4.4.0, {@code javap -c -p KafkaStreams}).
     */
    static final String STREAMS_JMX_DOMAIN = "kafka.streams";

    /**
     * A {@code metrics.jmx.exclude} regular expression (KIP-544) that leaves out of JMX every MBean of this group
     * of the Kafka Streams client, or, with {@code userExclusion} not null, those MBeans and the ones the user's
     * expression excludes. {@code JmxReporter} (kafka-clients 4.4.0) names an MBean
     * {@code <domain>:type=<group>,<tag>=<value>,...} ({@code getMBeanName}) and registers it only if the
     * include pattern {@code matches()} that name and the exclude pattern does not ({@code compilePredicate}); it
     * decides per MBean, never per attribute, so this leaves out the whole MBean that carries a gauge of this rule,
     * with the other metrics of the same group and tags.
     */
    String jmxExclusion(String userExclusion) {
        String ours = Pattern.quote(STREAMS_JMX_DOMAIN + ":type=" + group + ",") + ".*";
        return userExclusion == null || userExclusion.isEmpty() ? ours : "(?:" + userExclusion + ")|(?:" + ours + ")";
    }

    /** Whether the metric of this name is one the monitor must not read. */
    boolean covers(MetricName name) {
        return group.equals(name.group()) && names.contains(name.name());
    }
}
