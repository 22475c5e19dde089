package org.followupmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the compose file is checked as data: every address the app and
 * the registry are given must be one that the service they point at actually listens on.
 */
class DockerComposeWiringTest {
    private static JsonNode services;

    @BeforeAll
    static void parse() throws Exception {
        services = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile()).get("services");
    }

    private static Map<String, String> options(String service) {
        Map<String, String> opts = new TreeMap<>();
        for (JsonNode arg : services.get(service).get("command")) {
            String a = arg.asText();
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return opts;
    }

    private static List<String> advertisedHostPorts() {
        String advertised = services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText();
        List<String> out = new ArrayList<>();
        for (String l : advertised.split(",")) {
            out.add(l.substring(l.indexOf("://") + 3));
        }
        return out;
    }

    @Test
    void appAndLoaderReachKafkaOnAnAdvertisedInNetworkListener() {
        for (String svc : List.of("app", "loader")) {
            String bootstrap = options(svc).get("bootstrap");
            assertThat(bootstrap).as(svc + " --bootstrap").isNotNull();
            assertThat(advertisedHostPorts()).contains(bootstrap);
            assertThat(services.has(bootstrap.split(":")[0])).as("bootstrap host is a compose service").isTrue();
        }
    }

    @Test
    void registryUrlPointsAtTheRegistryListenerAndTheRegistryAtKafka() {
        JsonNode env = services.get("schema-registry").get("environment");
        int listenPort = URI.create(env.get("SCHEMA_REGISTRY_LISTENERS").asText()).getPort();
        for (String svc : List.of("app", "loader")) {
            URI registry = URI.create(options(svc).get("registry"));
            assertThat(registry.getHost()).isEqualTo("schema-registry");
            assertThat(registry.getPort()).isEqualTo(listenPort);
        }
        String kafkastore = env.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").asText();
        assertThat(advertisedHostPorts()).contains(kafkastore.substring(kafkastore.indexOf("://") + 3));
    }

    @Test
    void dashboardPortIsPublishedAndStateIsOnAVolume() {
        Map<String, String> app = options("app");
        List<String> ports = new ArrayList<>();
        services.get("app").get("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).anySatisfy(p -> assertThat(p).endsWith(":" + app.get("http-port")));
        List<String> volumes = new ArrayList<>();
        services.get("app").get("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).anySatisfy(v -> assertThat(v).endsWith(":" + app.get("state-dir")));
        assertThat(services.get("app").get("depends_on").has("kafka")).isTrue();
        assertThat(services.get("app").get("depends_on").has("schema-registry")).isTrue();
    }

    /** The commands the compose file runs parse with the real CLI: every verb and option exists. */
    @Test
    void composeCommandsAreValidCommandLines() {
        for (String svc : List.of("app", "loader")) {
            List<String> args = new ArrayList<>();
            services.get(svc).get("command").forEach(a -> args.add(a.asText()));
            picocli.CommandLine cli = new picocli.CommandLine(new org.followupmonitor.cli.Main());
            picocli.CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand()).as(svc).isNotNull();
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(args.get(0));
        }
    }

    /** {@code ./host:/container[:ro]} mounts of a service: container path → host path (relative to the project). */
    private static Map<String, Path> mounts(String service) {
        Map<String, Path> out = new TreeMap<>();
        for (JsonNode v : services.get(service).get("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith("./")) {
                out.put(parts[1], Path.of(parts[0].substring(2)));
            }
        }
        return out;
    }

    /** The host file a container path of a service refers to, through its bind mounts; null when not mounted. */
    private static Path hostFile(String service, String containerPath) {
        for (Map.Entry<String, Path> m : mounts(service).entrySet()) {
            if (containerPath.equals(m.getKey()) || containerPath.startsWith(m.getKey() + "/")) {
                return m.getValue().resolve(containerPath.substring(m.getKey().length()).replaceFirst("^/", ""));
            }
        }
        return null;
    }

    private static Map<String, String> flags(String service) {
        Map<String, String> opts = new TreeMap<>();
        for (JsonNode arg : services.get(service).get("command")) {
            String a = arg.asText();
            opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return opts;
    }

    /** Prometheus reads deploy/prometheus/ and scrapes the app's /metrics on the port the app listens on. */
    @Test
    void prometheusLoadsTheDeployConfigAndScrapesTheApp() throws Exception {
        Path config = hostFile("prometheus", flags("prometheus").get("config.file"));
        assertThat(config).isEqualTo(Path.of("deploy/prometheus/prometheus.yml")).exists();
        JsonNode prometheus = new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
        for (JsonNode rules : prometheus.get("rule_files")) {
            assertThat(config.resolveSibling(rules.asText())).exists();
        }
        JsonNode job = prometheus.get("scrape_configs").get(0);
        assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
        String target = job.get("static_configs").get(0).get("targets").get(0).asText();
        assertThat(target).isEqualTo("app:" + options("app").get("http-port"));
        assertThat(services.get("prometheus").get("depends_on").has("app")).isTrue();
        List<String> ports = new ArrayList<>();
        services.get("prometheus").get("ports").forEach(p -> ports.add(p.asText()));
        String listen = flags("prometheus").get("web.listen-address");
        assertThat(ports).anySatisfy(p -> assertThat(p).endsWith(":" + listen.substring(listen.lastIndexOf(':') + 1)));
    }

    /** Grafana's datasource is the Prometheus service, and its dashboard provider reads the mounted dashboards. */
    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboard() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path provisioning = hostFile("grafana", "/etc/grafana/provisioning");
        assertThat(provisioning).isEqualTo(Path.of("deploy/grafana/provisioning"));
        JsonNode datasource = yaml.readTree(provisioning.resolve("datasources/prometheus.yml").toFile())
                .get("datasources").get(0);
        URI url = URI.create(datasource.get("url").asText());
        String listen = flags("prometheus").get("web.listen-address");
        assertThat(url.getHost()).isEqualTo("prometheus");
        assertThat(services.has(url.getHost())).isTrue();
        assertThat(url.getPort()).isEqualTo(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));

        JsonNode provider = yaml.readTree(provisioning.resolve("dashboards/followup-monitor.yml").toFile())
                .get("providers").get(0);
        Path dashboards = hostFile("grafana", provider.get("options").get("path").asText());
        assertThat(dashboards).isEqualTo(Path.of("deploy/grafana/dashboards"));
        Path dashboard = dashboards.resolve("followup-monitor.json");
        assertThat(dashboard).exists();
        String home = services.get("grafana").get("environment").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(hostFile("grafana", home)).isEqualTo(dashboard);
        // Every query of the dashboard names the provisioned datasource.
        List<String> uids = new ArrayList<>();
        new ObjectMapper().readTree(dashboard.toFile()).findValues("datasource")
                .forEach(d -> uids.add(d.get("uid").asText()));
        assertThat(uids).isNotEmpty().allMatch(u -> u.equals(datasource.get("uid").asText()));
        assertThat(services.get("grafana").get("depends_on").has("prometheus")).isTrue();
    }

    @Test
    void dockerfileShipsTheShadedJarAndTheExamplesTheLoaderReads() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<finalName>followup-monitor</finalName>");
        assertThat(dockerfile).contains("target/followup-monitor.jar");
        String input = options("loader").get("input");
        assertThat(input).startsWith("/app/examples/");
        assertThat(dockerfile).contains("COPY examples /app/examples");
        assertThat(Path.of("examples", input.substring("/app/examples/".length()))).exists();
        assertThat(Arrays.asList(services.get("app").get("command").get(0).asText(),
                services.get("loader").get("command").get(0).asText())).containsExactly("run", "load");
    }
}
