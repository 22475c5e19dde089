package org.followupmonitor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.PatientTimelineState;
import org.followupmonitor.registry.HttpSchemaRegistryClient;
import org.followupmonitor.registry.RegistryAvroSerde;
import org.followupmonitor.registry.RegistryClientConfig;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.stream.AvroBinarySerde;

/**
 * The least any design of the monitor must do per event, as a Kafka Streams application of its own: decode
 * the event, add it to the patient's timeline and store the timeline (cached, changelogged), with the
 * monitor's exactly-once, thread, commit and poll settings, and nothing else: no analyses, no second stage,
 * no publication. Its rate is a ceiling for the pipeline rate on the same machine, which tells what the
 * monitor's own work costs apart from what Kafka Streams with exactly-once costs.
 */
final class TimelineFloor implements AutoCloseable {
    private static final String STORE = "floor-timelines";
    private final KafkaStreams streams;
    private final AtomicLong processed = new AtomicLong();

    TimelineFloor(String bootstrap, String registryUrl, String topic, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                new AvroBinarySerde<>(PatientTimelineState.class)).withCachingEnabled());
        var serde = RegistryAvroSerde.specific(PatientEvent.class,
                new HttpSchemaRegistryClient(RegistryClientConfig.of(registryUrl)), false);
        builder.stream(topic, Consumed.with(Serdes.String(), serde))
                .process(() -> new Processor<String, PatientEvent, Void, Void>() {
                    private KeyValueStore<String, PatientTimelineState> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore(STORE);
                    }

                    @Override
                    public void process(Record<String, PatientEvent> record) {
                        PatientTimelineState stored = store.get(record.key());
                        PatientTimeline t = stored == null ? PatientTimeline.empty() : AvroEvents.fromAvro(stored);
                        store.put(record.key(), AvroEvents.toAvro(t.with(AvroEvents.fromAvro(record.value()))));
                        processed.incrementAndGet();
                    }
                }, STORE);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "followup-monitor-bench-floor");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, AppConfig.STREAM_THREADS);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) AppConfig.COMMIT_INTERVAL.toMillis());
        p.put(StreamsConfig.POLL_MS_CONFIG, 10);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // As the monitor's producers (MonitorApp.streamsProperties): the floor's timeline changelog is compressed alike.
        p.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.COMPRESSION_TYPE_CONFIG),
                AppConfig.PRODUCER_COMPRESSION);
        streams = new KafkaStreams(builder.build(), p);
        streams.start();
    }

    boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Events applied to timelines so far. */
    long processed() {
        return processed.get();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
