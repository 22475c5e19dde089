package org.followupmonitor.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the registry is and how to authenticate.
 *
 * @param baseUrl       e.g. {@code http://localhost:8081} (a path prefix such as Apicurio's
 *                      {@code /apis/ccompat/v7} is kept)
 * @param authorization the {@code Authorization} header value, if any; masked in {@link #toString()}
 * @param timeout       connect and request timeout
 */
public record RegistryClientConfig(URI baseUrl, Optional<String> authorization, Duration timeout) {
    /** Default request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RegistryClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl is required, e.g. http://localhost:8081");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("registry URL '" + baseUrl
                    + "' is not an http(s) URL: give one like http://localhost:8081");
        }
        Objects.requireNonNull(authorization, "authorization (Optional.empty() for none)");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("registry timeout " + timeout + " must be positive");
        }
    }

    /**
     * No authentication, default timeout.
     *
     * @throws IllegalArgumentException if {@code url} is not a single http(s) URL
     */
    public static RegistryClientConfig of(String url) {
        Objects.requireNonNull(url, "registry URL");
        if (url.contains(",")) {
            throw new IllegalArgumentException("registry URL '" + url + "' lists several URLs: give exactly one");
        }
        try {
            return new RegistryClientConfig(URI.create(url.trim()), Optional.empty(), DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("registry URL")) {
                throw e;
            }
            throw new IllegalArgumentException("registry URL '" + url + "' is not a URL: give one like http://localhost:8081", e);
        }
    }

    /** HTTP basic authentication ({@code basic.auth.user.info} = user:password in Confluent's clients). */
    public RegistryClientConfig withBasicAuth(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new RegistryClientConfig(baseUrl, Optional.of("Basic " + token), timeout);
    }

    /** Bearer token authentication. */
    public RegistryClientConfig withBearerToken(String token) {
        return new RegistryClientConfig(baseUrl, Optional.of("Bearer " + token), timeout);
    }

    /** Another timeout. */
    public RegistryClientConfig withTimeout(Duration t) {
        return new RegistryClientConfig(baseUrl, authorization, t);
    }

    @Override
    public String toString() {
        return "RegistryClientConfig[baseUrl=" + baseUrl + ", authorization="
                + authorization.map(a -> a.substring(0, a.indexOf(' ') + 1) + "****").orElse("none")
                + ", timeout=" + timeout + "]";
    }
}
