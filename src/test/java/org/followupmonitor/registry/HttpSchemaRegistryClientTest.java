package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against the embedded registry's HTTP layer (in-memory store) on a free port: real HTTP. */
class HttpSchemaRegistryClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EmbeddedSchemaRegistry server = EmbeddedSchemaRegistry.inMemory(0);
    private final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(server.url().toString());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersLooksUpAndListsOverHttp() {
        int id1 = client.register("m-value", TestSchemas.v1());
        int idOther = client.register("o-key", TestSchemas.other());
        int id2 = client.register("m-value", TestSchemas.v2());
        assertThat(List.of(id1, idOther, id2)).containsExactly(1, 2, 3);
        assertThat(client.register("m-value", TestSchemas.v1())).isEqualTo(1);
        assertThat(client.subjects()).containsExactly("m-value", "o-key");
        assertThat(client.versions("m-value")).containsExactly(1, 2);
        assertThat(client.version("m-value", 1)).isEqualTo(new SubjectVersion("m-value", 1, 1, TestSchemas.v1().toString()));
        assertThat(client.latestVersion("m-value").id()).isEqualTo(3);
        assertThat(client.lookup("m-value", TestSchemas.v2()).version()).isEqualTo(2);
        assertThat(HttpSchemaRegistryClient.of(server.url().toString()).lookupId("m-value", TestSchemas.v2())).isEqualTo(3);
        assertThat(HttpSchemaRegistryClient.of(server.url().toString()).schemaById(2)).isEqualTo(TestSchemas.other());
    }

    @Test
    void compatibilityAndConfigOverHttp() {
        assertThat(client.isCompatible("m-value", TestSchemas.requiredField())).as("no versions yet").isTrue();
        client.register("m-value", TestSchemas.v1());
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.isCompatible("m-value", TestSchemas.v2())).isTrue();
        assertThat(client.isCompatible("m-value", TestSchemas.requiredField())).isFalse();
        assertThat(client.subjectCompatibility("m-value")).isEmpty();
        client.setSubjectCompatibility("m-value", CompatibilityLevel.NONE);
        assertThat(client.subjectCompatibility("m-value")).contains(CompatibilityLevel.NONE);
        assertThat(client.isCompatible("m-value", TestSchemas.requiredField())).isTrue();
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(server.service().levelOf("other-value")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void anIncompatibleChangeIsRejectedWith409() {
        client.register("m-value", TestSchemas.v1());
        assertThatThrownBy(() -> client.register("m-value", TestSchemas.requiredField()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                });
        assertThat(client.versions("m-value")).containsExactly(1);
    }

    @Test
    void mapsErrorBodiesToCodes() {
        client.register("m-value", TestSchemas.v1());
        assertCode(() -> client.versions("missing"), 40401, 404);
        assertCode(() -> client.version("m-value", 7), 40402, 404);
        assertCode(() -> client.schemaById(99), 40403, 404);
        assertCode(() -> client.lookup("m-value", TestSchemas.other()), 40403, 404);
        assertCode(() -> client.lookup("missing", TestSchemas.other()), 40401, 404);
    }

    @Test
    void speaksTheDocumentedWireProtocol() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String schema = TestSchemas.v1().toString();
        HttpResponse<String> registered = post(http, "/subjects/m-value/versions",
                JSON.createObjectNode().put("schema", schema).toString());
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
        assertThat(JSON.readTree(registered.body())).isEqualTo(JSON.readTree("{\"id\":1}"));

        JsonNode byId = JSON.readTree(get(http, "/schemas/ids/1").body());
        assertThat(byId.get("schema").asText()).isEqualTo(schema);
        assertThat(JSON.readTree(get(http, "/subjects").body())).isEqualTo(JSON.readTree("[\"m-value\"]"));
        assertThat(JSON.readTree(get(http, "/subjects/m-value/versions").body())).isEqualTo(JSON.readTree("[1]"));
        JsonNode latest = JSON.readTree(get(http, "/subjects/m-value/versions/latest").body());
        assertThat(latest.get("subject").asText()).isEqualTo("m-value");
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("id").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(get(http, "/subjects/m-value/versions/-1").body())).isEqualTo(latest);
        assertThat(JSON.readTree(get(http, "/subjects/m-value/versions/1/schema").body()))
                .isEqualTo(JSON.readTree(schema));
        assertThat(JSON.readTree(get(http, "/config").body())).isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
        HttpResponse<String> put = send(http, "PUT", "/config/m-value", "{\"compatibility\":\"FULL\"}");
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree("{\"compatibility\":\"FULL\"}"));
        HttpResponse<String> compat = post(http, "/compatibility/subjects/m-value/versions/latest",
                JSON.createObjectNode().put("schema", TestSchemas.droppedField().toString()).toString());
        assertThat(JSON.readTree(compat.body()).get("is_compatible").asBoolean()).isFalse();

        HttpResponse<String> missing = get(http, "/subjects/nope/versions");
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(missing.body());
        assertThat(error.get("error_code").asInt()).isEqualTo(40401);
        assertThat(error.get("message").asText()).contains("nope");
        HttpResponse<String> invalid = post(http, "/subjects/m-value/versions", "{\"schema\":\"{not avro\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(invalid.body()).get("error_code").asInt()).isEqualTo(42201);
        HttpResponse<String> protobuf = post(http, "/subjects/m-value/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        assertThat(JSON.readTree(protobuf.body()).get("error_code").asInt()).isEqualTo(42201);
        HttpResponse<String> badVersion = get(http, "/subjects/m-value/versions/zero");
        assertThat(JSON.readTree(badVersion.body()).get("error_code").asInt()).isEqualTo(42202);
        HttpResponse<String> noConfig = get(http, "/config/unset-subject");
        assertThat(JSON.readTree(noConfig.body()).get("error_code").asInt()).isEqualTo(40408);
        assertThat(get(http, "/no/such/endpoint").statusCode()).isEqualTo(404);
    }

    @Test
    void deletesSubjectsAndVersionsOverHttp() {
        int id1 = client.register("m-value", TestSchemas.v1());
        client.register("m-value", TestSchemas.v2());
        assertThat(client.deleteVersion("m-value", 2)).isEqualTo(2);
        assertThat(client.versions("m-value")).containsExactly(1);
        assertThat(client.deleteSubject("m-value")).containsExactly(1);
        assertThat(client.subjects()).isEmpty();
        assertCode(() -> client.deleteSubject("m-value"), 40401, 404);
        assertThat(HttpSchemaRegistryClient.of(server.url().toString()).schemaById(id1)).isEqualTo(TestSchemas.v1());
        // The client's registration cache was dropped with the subject: registering again reaches the server.
        assertThat(client.register("m-value", TestSchemas.v1())).isEqualTo(id1);
        assertThat(client.versions("m-value")).containsExactly(3);
    }

    @Test
    void encodesSubjectsWithAwkwardCharacters() {
        String subject = "events v2/émission+key";
        int id = client.register(subject, TestSchemas.v1());
        assertThat(client.subjects()).containsExactly(subject);
        assertThat(client.latestVersion(subject).id()).isEqualTo(id);
    }

    @Test
    void cachesSchemasByIdAndRegistrations() {
        int id = client.register("m-value", TestSchemas.v1());
        HttpSchemaRegistryClient reader = HttpSchemaRegistryClient.of(server.url().toString());
        assertThat(reader.schemaById(id)).isEqualTo(TestSchemas.v1());
        server.close();
        // Both answers come from the caches now that the server is gone.
        assertThat(reader.schemaById(id)).isEqualTo(TestSchemas.v1());
        assertThat(client.register("m-value", TestSchemas.v1())).isEqualTo(id);
        assertThatThrownBy(() -> client.subjects()).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RegistryException.UNREACHABLE));
    }

    @Test
    void serdeWorksThroughTheHttpClient() {
        RegistryAvroSerde<GenericRecord> serde = RegistryAvroSerde.generic(client, false);
        GenericRecord r = new GenericData.Record(TestSchemas.v1());
        r.put("label", "over-http");
        r.put("count", 3);
        byte[] bytes = serde.serializer().serialize("m", r);
        GenericRecord back = RegistryAvroSerde.generic(HttpSchemaRegistryClient.of(server.url().toString()), false)
                .deserializer().deserialize("m", bytes);
        assertThat(back).isEqualTo(r);
        assertThat(server.service().subjects()).containsExactly("m-value");
    }

    @Test
    void sendsBasicAndBearerAuthorization() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer capture = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        capture.createContext("/", ex -> {
            seen.add(ex.getRequestHeaders().getFirst("Authorization") + " " + ex.getRequestHeaders().getFirst("Accept"));
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        capture.start();
        try {
            String url = "http://localhost:" + capture.getAddress().getPort();
            RegistryClientConfig basic = RegistryClientConfig.of(url).withBasicAuth("user", "pa:ss");
            new HttpSchemaRegistryClient(basic).subjects();
            new HttpSchemaRegistryClient(RegistryClientConfig.of(url).withBearerToken("tok")).subjects();
            assertThat(seen).containsExactly("Basic dXNlcjpwYTpzcw== application/vnd.schemaregistry.v1+json, application/json",
                    "Bearer tok application/vnd.schemaregistry.v1+json, application/json");
            assertThat(basic.toString()).contains("Basic ****").doesNotContain("dXNlcjpwYTpzcw");
        } finally {
            capture.stop(0);
        }
    }

    @Test
    void rejectsUnusableUrls() {
        assertThatThrownBy(() -> RegistryClientConfig.of("localhost:8081")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http");
        assertThatThrownBy(() -> RegistryClientConfig.of("http://a:1,http://b:2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one");
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient http, String path, String body) throws Exception {
        return send(http, "POST", path, body);
    }

    private HttpResponse<String> send(HttpClient http, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertCode(Runnable call, int code, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(status);
        });
    }
}
