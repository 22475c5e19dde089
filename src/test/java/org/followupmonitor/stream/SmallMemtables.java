package org.followupmonitor.stream;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB memtables of 64 kB instead of Kafka Streams' 16 MB, for {@link MonitorContract}'s monitors only.
 *
 * <p>Why: Kafka Streams writes its RocksDB stores without a write-ahead log, so after {@code kill -9} a store holds
 * only what its memtables had flushed to disk, with the changelog offsets flushed alongside. A test cohort of 200
 * patients never fills a 16 MB memtable, so its stores lose everything with the process and restore everything
 * whatever the settings; at 10^5 patients and more the memtables flush all the time. Small memtables give the test
 * the flushes of a large cohort, so what a restart restores depends on the stores' transactionality, as it does at
 * scale. The results do not depend on memtable size.
 */
public final class SmallMemtables implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setWriteBufferSize(64 * 1024L);
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing allocated here.
    }
}
