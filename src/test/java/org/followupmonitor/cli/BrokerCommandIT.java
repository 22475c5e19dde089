package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.followupmonitor.runtime.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BrokerCommandIT {
    @TempDir
    Path dir;

    @Test
    void startsBrokerAndRegistryOnTheGivenPortsPrintsThemAndStopsCleanly() throws Exception {
        int kafkaPort = EmbeddedKafkaBroker.freePort();
        int registryPort = EmbeddedKafkaBroker.freePort();
        BrokerCommand command = new BrokerCommand();
        AtomicReference<String> clusterId = new AtomicReference<>();
        AtomicReference<Integer> registryStatus = new AtomicReference<>();
        command.untilStopped = stack -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                clusterId.set(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
                HttpResponse<String> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).build(),
                        HttpResponse.BodyHandlers.ofString());
                registryStatus.set(r.statusCode());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        StringWriter out = new StringWriter();
        CommandLine broker = new CommandLine(command).setOut(new PrintWriter(out));
        int exit = broker.execute("--kafka-port", Integer.toString(kafkaPort), "--registry-port",
                Integer.toString(registryPort), "--data-dir", dir.toString());

        assertThat(exit).isZero();
        assertThat(clusterId.get()).isNotBlank();
        assertThat(registryStatus.get()).isEqualTo(200);
        assertThat(out.toString())
                .contains("Kafka bootstrap servers: localhost:" + kafkaPort)
                .contains("Schema registry:         http://localhost:" + registryPort)
                .contains("(formatted now)");
        // Stopped cleanly: both ports are free again.
        try (java.net.ServerSocket s1 = new java.net.ServerSocket(kafkaPort);
             java.net.ServerSocket s2 = new java.net.ServerSocket(registryPort)) {
            assertThat(s1.getLocalPort()).isEqualTo(kafkaPort);
            assertThat(s2.getLocalPort()).isEqualTo(registryPort);
        }
    }

    @Test
    void isASubcommandOfMainWithDocumentedDefaults() {
        CommandLine main = new CommandLine(new Main());
        assertThat(main.getSubcommands()).containsKey("broker");
        BrokerCommand parsed = main.getSubcommands().get("broker").getCommand();
        main.parseArgs("broker");
        assertThat(parsed.kafkaPort).isEqualTo(9092);
        assertThat(parsed.registryPort).isEqualTo(8081);
        assertThat(parsed.dataDir).isEqualTo(Path.of("data/broker"));
        main.parseArgs("broker", "--kafka-port", "19092", "--registry-port", "18081", "--data-dir", "x");
        assertThat(parsed.kafkaPort).isEqualTo(19092);
        assertThat(parsed.registryPort).isEqualTo(18081);
        assertThat(parsed.dataDir).isEqualTo(Path.of("x"));
    }
}
