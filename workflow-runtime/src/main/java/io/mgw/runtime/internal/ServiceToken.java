package io.mgw.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The service token internal callers must present ({@code MGW_SERVICE_TOKEN}). Compares SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks through timing.
 */
public final class ServiceToken {

    private final byte[] expectedDigest;

    public ServiceToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the service token must not be empty");
        }
        this.expectedDigest = digest(token);
    }

    /** Whether {@code presented} (a header value, possibly null) is the token. */
    public boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(expectedDigest, digest(presented));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ServiceToken[***]";
    }
}
