package org.followupmonitor.registry;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0x00}, bytes 1–4 the schema id as a
 * big-endian signed 32-bit integer, then the Avro binary encoding of the datum (no container-file
 * header, no sync markers).
 */
public final class WireFormat {
    /** The magic byte. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Bytes before the Avro body. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes magic byte and id into the first five bytes of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /**
     * The schema id of a record in the wire format.
     *
     * @throws RegistrySerdeException TRUNCATED when shorter than the header, BAD_MAGIC when byte 0 is not 0
     */
    public static int schemaId(byte[] data) {
        if (data.length == 0) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.TRUNCATED,
                    "empty payload: a registry-encoded record has at least " + HEADER_LENGTH + " bytes");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.BAD_MAGIC, String.format(
                    "first byte is 0x%02x, not the magic byte 0x00: not written by a schema-registry serializer",
                    data[0] & 0xff));
        }
        if (data.length < HEADER_LENGTH) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.TRUNCATED, "payload of " + data.length
                    + " bytes is shorter than the " + HEADER_LENGTH + "-byte header");
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    /** Subject under TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is blank: the subject is derived from the topic name");
        }
        return topic + (isKey ? "-key" : "-value");
    }
}
