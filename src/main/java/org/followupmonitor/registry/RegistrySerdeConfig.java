package org.followupmonitor.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration keys for the serde when Kafka instantiates it from properties (names as in
 * Confluent's serializers, so existing client configs carry over).
 */
public final class RegistrySerdeConfig {
    /** The registry URL (one). Required when the serde is built from properties. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Register the writer schema if needed (default true); false only looks it up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Read into generated SpecificRecord classes found by the writer schema's full name (default false). */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** {@code user:password} for HTTP basic authentication. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** A bearer token. */
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";

    private RegistrySerdeConfig() {
    }

    static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object v = configs.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(key + " is '" + s + "': use true or false");
    }

    /** Builds a client from properties. */
    static HttpSchemaRegistryClient client(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " is not set: give the registry URL, e.g. http://localhost:8081");
        }
        RegistryClientConfig c = RegistryClientConfig.of(url.toString());
        Optional<String> userInfo = Optional.ofNullable(configs.get(BASIC_AUTH_USER_INFO)).map(Object::toString);
        if (userInfo.isPresent()) {
            String ui = userInfo.get();
            int colon = ui.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be user:password");
            }
            c = c.withBasicAuth(ui.substring(0, colon), ui.substring(colon + 1));
        }
        Object token = configs.get(BEARER_AUTH_TOKEN);
        if (token != null) {
            c = c.withBearerToken(token.toString());
        }
        return new HttpSchemaRegistryClient(c);
    }
}
