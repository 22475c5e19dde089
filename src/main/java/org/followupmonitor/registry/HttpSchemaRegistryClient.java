package org.followupmonitor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client for the Confluent Schema Registry REST API over {@link HttpClient}: works with Confluent
 * Schema Registry, Apicurio's ccompat API, Karapace, Redpanda and {@link EmbeddedSchemaRegistry}.
 *
 * <p>Caches what cannot change: schemas by id, and the id of each (subject, schema) registered or
 * looked up, so a serializer calls the registry once per schema, not once per record. Thread-safe.
 * Error bodies {@code {"error_code": N, "message": "..."}} become {@link RegistryException}s with that code.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    /** The registry's media type, sent as Content-Type and Accept. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** A client for {@code url} without authentication. */
    public static HttpSchemaRegistryClient of(String url) {
        return new HttpSchemaRegistryClient(RegistryClientConfig.of(url));
    }

    /** The configuration (authorization masked in its toString). */
    public RegistryClientConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = idsFor(subject).get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = requireInt(answer, "id");
        idsFor(subject).put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public SubjectVersion lookup(String subject, Schema schema) {
        SubjectVersion v = toVersion(send("POST", "/subjects/" + enc(subject), schemaBody(schema)), subject);
        idsFor(subject).put(schema, v.id());
        schemasById.putIfAbsent(v.id(), schema);
        return v;
    }

    /**
     * The id of {@code schema} under {@code subject} without registering it (cached), i.e. the id of
     * {@link #lookup}.
     */
    public int lookupId(String subject, Schema schema) {
        Integer cached = idsFor(subject).get(schema);
        return cached != null ? cached : lookup(subject, schema).id();
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new RegistryException(RegistryException.INVALID_SCHEMA, "schema " + id + " is of type "
                    + type.asText() + ", not AVRO");
        }
        Schema schema = parse(requireText(answer, "schema"));
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        send("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        send("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Override
    public SubjectVersion version(String subject, int version) {
        return toVersion(send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public SubjectVersion latestVersion(String subject) {
        return toVersion(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null), subject);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest",
                    schemaBody(schema));
            JsonNode v = answer.get("is_compatible");
            if (v == null || !v.isBoolean()) {
                throw protocol("is_compatible");
            }
            return v.asBoolean();
        } catch (RegistryException e) {
            // Nothing registered yet: nothing to be incompatible with.
            if (e.errorCode() == RegistryException.SUBJECT_NOT_FOUND || e.errorCode() == RegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> out = new ArrayList<>();
        send("DELETE", "/subjects/" + enc(subject), null).forEach(n -> out.add(n.asInt()));
        idsBySubject.remove(subject);
        return out;
    }

    @Override
    public int deleteVersion(String subject, int version) {
        JsonNode answer = send("DELETE", "/subjects/" + enc(subject) + "/versions/" + version, null);
        idsBySubject.remove(subject);
        if (!answer.canConvertToInt()) {
            throw protocol("the deleted version number");
        }
        return answer.asInt();
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return CompatibilityLevel.parse(requireText(send("GET", "/config", null), "compatibilityLevel"));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", JSON.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        try {
            return Optional.of(CompatibilityLevel.parse(
                    requireText(send("GET", "/config/" + enc(subject), null), "compatibilityLevel")));
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SUBJECT_CONFIG_NOT_FOUND
                    || e.errorCode() == RegistryException.SUBJECT_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + enc(subject), JSON.createObjectNode().put("compatibility", level.name()));
    }

    private Map<Schema, Integer> idsFor(String subject) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    }

    private static JsonNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private JsonNode send(String method, String path, JsonNode body) {
        URI uri = URI.create(stripSlash(config.baseUrl().toString()) + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        config.authorization().ifPresent(a -> b.header("Authorization", a));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", CONTENT_TYPE);
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.UNREACHABLE, 0, "schema registry at " + config.baseUrl()
                    + " is unreachable (" + e.getClass().getSimpleName() + "): is it running and is the URL right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.UNREACHABLE, 0, "interrupted calling the schema registry", e);
        }
        JsonNode json;
        try {
            json = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw protocol("a JSON body");
            }
            return json;
        }
        if (json != null && json.hasNonNull("error_code")) {
            throw new RegistryException(json.get("error_code").asInt(), status,
                    json.path("message").asText("(no message)"), null);
        }
        throw new RegistryException(status, status, "schema registry answered HTTP " + status + " to "
                + method + " " + path, null);
    }

    private RegistryException protocol(String expected) {
        return new RegistryException(RegistryException.UNREACHABLE, 0, "the server at " + config.baseUrl()
                + " did not answer like a schema registry (expected " + expected + ")", null);
    }

    private SubjectVersion toVersion(JsonNode n, String subject) {
        return new SubjectVersion(n.hasNonNull("subject") ? n.get("subject").asText() : subject,
                requireInt(n, "version"), requireInt(n, "id"), requireText(n, "schema"));
    }

    private int requireInt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw protocol("an integer '" + field + "'");
        }
        return v.asInt();
    }

    private String requireText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw protocol("a text '" + field + "'");
        }
        return v.asText();
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (org.apache.avro.AvroRuntimeException e) {
            throw new RegistryException(RegistryException.INVALID_SCHEMA, "the registry returned a schema that does not parse: "
                    + e.getMessage());
        }
    }

    /** Percent-encodes one path segment (spaces as %20, not +). */
    static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
