package org.followupmonitor.registry;

import java.util.List;

/**
 * Where the registry keeps its records. {@link #readAll()} is called once at start and must return
 * every record appended before, in order; {@link #append} must be durable when it returns.
 */
public interface RegistryStorage extends AutoCloseable {
    /** All records in the order they were appended. */
    List<RegistryRecord> readAll();

    /**
     * Persists one record.
     *
     * @throws RegistryException {@link RegistryException#STORE_ERROR} when it could not be stored
     */
    void append(RegistryRecord record);

    @Override
    void close();

    /** Storage in memory only: for unit tests of the HTTP layer; forgets everything on restart. */
    static RegistryStorage inMemory() {
        return new RegistryStorage() {
            private final List<RegistryRecord> records = new java.util.ArrayList<>();

            @Override
            public synchronized List<RegistryRecord> readAll() {
                return List.copyOf(records);
            }

            @Override
            public synchronized void append(RegistryRecord record) {
                records.add(record);
            }

            @Override
            public void close() {
            }
        };
    }
}
