package org.followupmonitor.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link MonitorContract} on the embedded single-node KRaft broker and the embedded registry. */
class MonitorIT extends MonitorContract {
    private static Path data;
    private static LocalKafkaStack stack;

    @BeforeAll
    static void startBroker() throws Exception {
        data = Files.createTempDirectory("monitor-it");
        stack = LocalKafkaStack.start(data, "localhost", 0, 0);
    }

    @AfterAll
    static void stopBroker() {
        stack.close();
    }

    @Override
    String bootstrap() {
        return stack.bootstrapServers();
    }

    @Override
    String registryUrl() {
        return stack.registryUrl().toString();
    }
}
