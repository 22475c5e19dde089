package org.followupmonitor.registry;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be (de)serialised in the Confluent wire format. It extends Kafka's
 * {@link SerializationException}, so Kafka Streams' deserialization exception handlers see it;
 * {@link #reason()} says why, for a dead-letter header ({@link #REASON_HEADER}).
 *
 * <p>Messages name the topic, the schema id and the kind of failure, never record contents; the
 * underlying Avro exception is not chained because its message may quote a datum.
 */
public class RegistrySerdeException extends SerializationException {
    /** Header name under which a dead-letter handler can store {@link #reasonHeaderValue()}. */
    public static final String REASON_HEADER = "followup.serde.reason";

    /** Why (de)serialisation failed. */
    public enum Reason {
        /** The first byte is not the wire format's magic byte 0. */
        BAD_MAGIC,
        /** The schema id in the header is not known to the registry. */
        UNKNOWN_SCHEMA_ID,
        /** Fewer bytes than the header needs, or the Avro body ends early. */
        TRUNCATED,
        /** The Avro body does not decode with its writer schema (corrupt, or trailing bytes). */
        UNDECODABLE,
        /** The writer schema cannot be resolved to the reader schema (Avro schema resolution fails). */
        INCOMPATIBLE_SCHEMA,
        /** The registry could not be reached or answered with a server error. */
        REGISTRY_UNAVAILABLE,
        /** Serialising: auto-registration is off and the schema is not registered under the subject. */
        SCHEMA_NOT_REGISTERED,
        /** Serialising: the registry refused the schema (incompatible or invalid). */
        SCHEMA_REJECTED,
        /** Serialising: the value is not an Avro record, or does not fit its own schema. */
        NOT_SERIALIZABLE
    }

    private final Reason reason;
    private final int schemaId;

    public RegistrySerdeException(Reason reason, String message) {
        this(reason, -1, message, null);
    }

    public RegistrySerdeException(Reason reason, int schemaId, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.schemaId = schemaId;
    }

    /** The reason code. */
    public Reason reason() {
        return reason;
    }

    /** The schema id involved, when one was read or assigned. */
    public OptionalInt schemaId() {
        return schemaId < 0 ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    /**
     * The reason of the first {@code RegistrySerdeException} in {@code t}'s cause chain (Kafka may wrap
     * it), for a dead-letter handler; empty when none is there.
     */
    public static Optional<Reason> reasonOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RegistrySerdeException e) {
                return Optional.of(e.reason());
            }
        }
        return Optional.empty();
    }

    /** The reason as UTF-8 bytes, for a Kafka header. */
    public byte[] reasonHeaderValue() {
        return reason.name().getBytes(StandardCharsets.UTF_8);
    }
}
