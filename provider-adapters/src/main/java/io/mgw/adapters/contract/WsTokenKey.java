package io.mgw.adapters.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One HS256 key of {@link WsTokens}: a key id ({@code kid}) and the secret bytes.
 *
 * <p>The secret never leaves this class except to Nimbus: {@link #toString()} shows the kid only, and
 * a too-short secret is refused without echoing it. The derived kid is a SHA-256 prefix of the
 * secret (domain-separated), so a rotation shows in every token header while the kid reveals
 * nothing a token's own HMAC does not already.
 */
public final class WsTokenKey {

    /** HS256 needs a key of at least 256 bits (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String KID_DOMAIN = "mgw-ws-token-kid:";
    private static final int KID_HEX_CHARS = 16;

    private final String kid;
    private final byte[] secret;

    private WsTokenKey(String kid, byte[] secret) {
        if (kid == null || kid.isBlank()) {
            throw new IllegalArgumentException("ws_token key id must not be blank");
        }
        requireSecret(secret);
        this.kid = kid;
        this.secret = secret.clone();
    }

    /** A key whose kid is derived from the secret's UTF-8 bytes (the form of {@code MGW_JWT_SECRET}). */
    public static WsTokenKey fromSecret(String secret) {
        return fromSecret(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A key whose kid is derived from the secret. */
    public static WsTokenKey fromSecret(byte[] secret) {
        requireSecret(secret);
        return new WsTokenKey(deriveKid(secret), secret);
    }

    /** A key with an explicit kid. */
    public static WsTokenKey of(String kid, byte[] secret) {
        return new WsTokenKey(kid, secret);
    }

    /** The key id written to and looked up from the JWS header. */
    public String kid() {
        return kid;
    }

    /** A copy of the secret bytes. */
    byte[] secret() {
        return secret.clone();
    }

    /** The message names the rule and the variable, never the value. */
    private static void requireSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "ws_token secret must be at least " + MIN_SECRET_BYTES + " bytes (MGW_JWT_SECRET)");
        }
    }

    private static String deriveKid(byte[] secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(KID_DOMAIN.getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha256.digest(secret);
            return HexFormat.of().formatHex(digest).substring(0, KID_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WsTokenKey key && kid.equals(key.kid)
                && MessageDigest.isEqual(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid);
    }

    @Override
    public String toString() {
        return "WsTokenKey[kid=" + kid + "]";
    }
}
