package org.followupmonitor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry served over HTTP by the JDK's {@link HttpServer}, backed by
 * a {@link SchemaRegistryService}. Endpoints (all answering {@code application/vnd.schemaregistry.v1+json},
 * errors as {@code {"error_code": N, "message": "..."}}):
 * <ul>
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions},
 *       {@code GET /subjects/{s}/versions/{v|latest}}, {@code GET /subjects/{s}/versions/{v|latest}/schema}</li>
 *   <li>{@code POST /subjects/{s}/versions} (register), {@code POST /subjects/{s}} (look up)</li>
 *   <li>{@code GET /schemas/ids/{id}}</li>
 *   <li>{@code POST /compatibility/subjects/{s}/versions/{v|latest}}</li>
 *   <li>{@code GET}/{@code PUT /config}, {@code GET}/{@code PUT /config/{s}}</li>
 *   <li>{@code DELETE /subjects/{s}}, {@code DELETE /subjects/{s}/versions/{v|latest}}: soft deletes only
 *       (the ids keep resolving; {@code permanent=true} is not supported and ignored)</li>
 * </ul>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    /** The registry's media type. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** The topic the Kafka-backed variant stores its schemas in. */
    public static final String SCHEMAS_TOPIC = "_schemas";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryService service;
    private final boolean ownsService;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;
    private boolean closed;

    private EmbeddedSchemaRegistry(SchemaRegistryService service, boolean ownsService, String host, int port) {
        this.service = Objects.requireNonNull(service, "service");
        this.ownsService = ownsService;
        this.host = host;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("the schema registry cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + "): choose another port, or 0 for a free one", e);
        }
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "schema-registry-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves {@code service} on {@code host:port} (0 = a free port). The service stays open when the
     * server closes.
     *
     * @throws IllegalStateException if the port cannot be bound
     */
    public static EmbeddedSchemaRegistry serve(SchemaRegistryService service, String host, int port) {
        return new EmbeddedSchemaRegistry(service, false, host, port);
    }

    /** A registry that keeps its schemas in memory only, on {@code localhost:port} (0 = free). */
    public static EmbeddedSchemaRegistry inMemory(int port) {
        return new EmbeddedSchemaRegistry(SchemaRegistryService.inMemory(), true, "localhost", port);
    }

    /**
     * A registry whose schemas live in the compacted {@value #SCHEMAS_TOPIC} topic of the cluster at
     * {@code bootstrapServers} (created if missing), read back fully before serving; closing the registry
     * closes its Kafka clients.
     *
     * @throws RegistryException {@link RegistryException#STORE_ERROR} when the topic cannot be read
     */
    public static EmbeddedSchemaRegistry onKafka(String bootstrapServers, String host, int port) {
        KafkaRegistryStorage storage = new KafkaRegistryStorage(bootstrapServers, SCHEMAS_TOPIC, Map.of());
        SchemaRegistryService service;
        try {
            service = new SchemaRegistryService(storage);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        try {
            return new EmbeddedSchemaRegistry(service, true, host, port);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** The base URL clients use, e.g. {@code http://localhost:8081}. */
    public URI url() {
        return URI.create("http://" + host + ":" + port());
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The registry behind the HTTP layer. */
    public SchemaRegistryService service() {
        return service;
    }

    /** Stops serving (and closes the service if this object created it); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsService) {
            service.close();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(exchange.getRequestMethod(), segments(exchange.getRequestURI()), exchange);
            } catch (RegistryException e) {
                response = error(e.errorCode(), e.httpStatus(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                // Never echo the request body: it may hold anything.
                LOG.warn("schema registry request {} {} failed: {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e.toString());
                response = error(RegistryException.SERVER_ERROR, 500, "Internal error: " + e.getClass().getSimpleName());
            }
            byte[] body = JSON.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private record Response(int status, Object body) {
    }

    private Response route(String method, List<String> p, HttpExchange ex) throws IOException {
        int n = p.size();
        if (n == 0) {
            return get(method, Map.of());
        }
        switch (p.get(0)) {
            case "subjects" -> {
                if (n == 1) {
                    return ok(method, "GET", service.subjects());
                }
                String subject = p.get(1);
                if (n == 2) {
                    if (method.equals("DELETE")) {
                        return new Response(200, service.deleteSubject(subject));
                    }
                    require(method, "POST");
                    return new Response(200, versionJson(service.lookup(subject, schemaOf(ex))));
                }
                if (!p.get(2).equals("versions")) {
                    break;
                }
                if (n == 3) {
                    if (method.equals("POST")) {
                        return new Response(200, Map.of("id", service.register(subject, schemaOf(ex))));
                    }
                    return ok(method, "GET", service.versions(subject));
                }
                SubjectVersion v = versionOf(subject, p.get(3));
                if (n == 4) {
                    if (method.equals("DELETE")) {
                        return new Response(200, service.deleteVersion(subject, v.version()));
                    }
                    return ok(method, "GET", versionJson(v));
                }
                if (n == 5 && p.get(4).equals("schema")) {
                    require(method, "GET");
                    return new Response(200, JSON.readTree(v.schema()));
                }
            }
            case "schemas" -> {
                if (n == 3 && p.get(1).equals("ids")) {
                    require(method, "GET");
                    return new Response(200, Map.of("schema", service.schemaTextById(parseId(p.get(2)))));
                }
            }
            case "compatibility" -> {
                if (n == 5 && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    require(method, "POST");
                    String subject = p.get(2);
                    String schema = schemaOf(ex);
                    List<String> problems = p.get(4).equals("latest")
                            ? service.incompatibilities(subject, schema)
                            : service.incompatibilitiesWithVersion(subject, parseVersion(p.get(4)), schema);
                    ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
                    if (!problems.isEmpty()) {
                        problems.forEach(body.putArray("messages")::add);
                    }
                    return new Response(200, body);
                }
            }
            case "config" -> {
                if (n == 1) {
                    if (method.equals("PUT")) {
                        CompatibilityLevel level = levelOf(ex);
                        service.setGlobalCompatibility(level);
                        return new Response(200, Map.of("compatibility", level.name()));
                    }
                    return ok(method, "GET", Map.of("compatibilityLevel", service.globalCompatibility().name()));
                }
                if (n == 2) {
                    String subject = p.get(1);
                    if (method.equals("PUT")) {
                        CompatibilityLevel level = levelOf(ex);
                        service.setSubjectCompatibility(subject, level);
                        return new Response(200, Map.of("compatibility", level.name()));
                    }
                    require(method, "GET");
                    boolean defaultToGlobal = "defaultToGlobal=true".equals(ex.getRequestURI().getRawQuery());
                    CompatibilityLevel level = service.subjectCompatibility(subject)
                            .orElseGet(() -> defaultToGlobal ? service.globalCompatibility() : null);
                    if (level == null) {
                        throw new RegistryException(RegistryException.SUBJECT_CONFIG_NOT_FOUND,
                                "Subject \"" + subject + "\" does not have subject-level compatibility configured");
                    }
                    return new Response(200, Map.of("compatibilityLevel", level.name()));
                }
            }
            default -> {
                // falls through to 404 below
            }
        }
        throw new RegistryException(RegistryException.NOT_FOUND, "HTTP 404 Not Found: no endpoint " + method + " /"
                + String.join("/", p));
    }

    private static Response get(String method, Object body) {
        return ok(method, "GET", body);
    }

    private static Response ok(String method, String expected, Object body) {
        require(method, expected);
        return new Response(200, body);
    }

    private static void require(String method, String expected) {
        if (!method.equals(expected)) {
            throw new RegistryException(405, "HTTP 405 Method Not Allowed: use " + expected);
        }
    }

    private SubjectVersion versionOf(String subject, String version) {
        // Confluent accepts -1 as another spelling of "latest".
        return version.equals("latest") || version.equals("-1") ? service.latestVersion(subject) : service.version(subject, parseVersion(version));
    }

    private static Map<String, Object> versionJson(SubjectVersion v) {
        return Map.of("subject", v.subject(), "version", v.version(), "id", v.id(), "schema", v.schema());
    }

    private static int parseVersion(String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RegistryException(RegistryException.INVALID_VERSION,
                "The specified version '" + text + "' is not a valid version id: use a positive integer or latest");
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryException(RegistryException.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static String schemaOf(HttpExchange ex) throws IOException {
        JsonNode body = readBody(ex);
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new RegistryException(RegistryException.INVALID_SCHEMA,
                    "Invalid schema: only AVRO schemas are supported by this registry");
        }
        if (body.hasNonNull("references") && body.get("references").size() > 0) {
            throw new RegistryException(RegistryException.INVALID_SCHEMA,
                    "Invalid schema: schema references are not supported by this registry; inline the types");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new RegistryException(RegistryException.INVALID_SCHEMA,
                    "Invalid schema: the body must be {\"schema\": \"<Avro schema as a JSON string>\"}");
        }
        return schema.asText();
    }

    private static CompatibilityLevel levelOf(HttpExchange ex) throws IOException {
        JsonNode body = readBody(ex);
        JsonNode level = body.get("compatibility");
        return CompatibilityLevel.parse(level == null || level.isNull() ? null : level.asText());
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            JsonNode node;
            try {
                node = bytes.length == 0 ? null : JSON.readTree(bytes);
            } catch (IOException e) {
                throw new RegistryException(RegistryException.BAD_REQUEST, "the request body is not JSON");
            }
            if (node == null || !node.isObject()) {
                throw new RegistryException(RegistryException.BAD_REQUEST, "the request body must be a JSON object");
            }
            return node;
        }
    }

    private static Response error(int code, int status, String message) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message == null ? "" : message);
        return new Response(status <= 0 ? 500 : status, body);
    }

    /** Path segments, each percent-decoded (a subject may contain any character). */
    static List<String> segments(URI uri) {
        List<String> out = new ArrayList<>();
        for (String s : uri.getRawPath().split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
