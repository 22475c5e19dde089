package org.followupmonitor.events.file;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces patient ids by HMAC-SHA256(key, id) in lower-case hex (RFC 2104). The same key always gives
 * the same pseudonym, so repeated imports line up; without the key the id cannot be recovered or
 * confirmed by guessing. Not thread-safe (one {@link Mac} per instance).
 */
public final class Pseudonymizer {
    private final Mac mac;

    /**
     * @param key the secret; not empty
     * @throws IllegalArgumentException when the key is empty
     */
    public Pseudonymizer(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("pseudonymize key: must not be empty");
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    /** The pseudonym of a patient id (64 hex characters). */
    public String apply(String patientId) {
        return HexFormat.of().formatHex(mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "Pseudonymizer[key=****]";
    }
}
