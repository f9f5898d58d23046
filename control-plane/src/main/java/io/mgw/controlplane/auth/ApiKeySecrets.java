package io.mgw.controlplane.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes API key secrets and their stored form. Secrets carry 238 bits of randomness, so an unsalted SHA-256
 * is enough to keep the clear text out of the database while a lookup stays one indexed query.
 */
public final class ApiKeySecrets {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "mgw_";
    private static final int MIN_LENGTH = 16;
    private static final int MAX_LENGTH = 256;

    private ApiKeySecrets() {
    }

    /** A new secret: {@code mgw_} and 40 random letters and digits. */
    public static String newSecret() {
        char[] chars = new char[40];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return PREFIX + new String(chars);
    }

    /** The hex SHA-256 of a secret: what the database stores. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The first characters of a secret, stored and shown so a person can tell keys apart. */
    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(8, secret.length()));
    }

    /** Whether a presented value could be a key at all (printable ASCII, sane length); anything else is malformed. */
    public static boolean wellFormed(String presented) {
        if (presented.length() < MIN_LENGTH || presented.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < presented.length(); i++) {
            char c = presented.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
