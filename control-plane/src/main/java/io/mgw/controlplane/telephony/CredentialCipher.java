package io.mgw.controlplane.telephony;

import io.mgw.controlplane.config.ControlPlaneConfig;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts provider credentials at rest with AES-256-GCM under a key derived from {@code MGW_SECRET_KEY}. The stored
 * blob is the 12-byte nonce followed by the ciphertext and tag; the key id (a hash prefix) names the key, so a
 * rotated secret is detected instead of producing garbage.
 */
@Singleton
public class CredentialCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final String keyId;

    public CredentialCipher(ControlPlaneConfig config) {
        byte[] secret = config.secretKey().getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(sha256("mgw-credentials-key:".getBytes(StandardCharsets.UTF_8), secret), "AES");
        this.keyId = HexFormat.of().formatHex(sha256("mgw-credentials-kid:".getBytes(StandardCharsets.UTF_8), secret))
                .substring(0, 16);
    }

    public String keyId() {
        return keyId;
    }

    public byte[] encrypt(String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Decrypts a blob sealed under {@code blobKeyId}; a blob of another key is refused, not guessed at. */
    public String decrypt(byte[] blob, String blobKeyId) {
        if (!keyId.equals(blobKeyId)) {
            throw new IllegalStateException("credentials were sealed under key " + blobKeyId + ", not the current key "
                    + keyId + " (was MGW_SECRET_KEY changed?)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            return new String(cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored credentials failed authentication", e);
        }
    }

    private static byte[] sha256(byte[] label, byte[] secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(label);
            return digest.digest(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
