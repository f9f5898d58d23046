package io.mgw.adapters.contract;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Resource ids: a type prefix and 20 random lowercase letters and digits ({@code wf_k2v9q4m7x1c8...}). */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int RANDOM_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What any id of ours may look like: checked before a lookup so a malformed id is a 400, not a 404. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private Ids() {
    }

    public static String newId(String prefix) {
        return prefix + "_" + random(RANDOM_LENGTH);
    }

    /** {@code length} random lowercase letters and digits. */
    public static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    /** True when {@code id} has the shape of an id; other values are rejected as malformed before any lookup. */
    public static boolean wellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
