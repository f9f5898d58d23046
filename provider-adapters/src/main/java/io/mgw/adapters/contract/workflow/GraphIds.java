package io.mgw.adapters.contract.workflow;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Ids of graph elements: {@code node-} or {@code conn-} followed by 20 lowercase letters and digits (DESIGN.md). */
public final class GraphIds {

    /** Shape of a generated node id. */
    public static final Pattern NODE_ID = Pattern.compile("node-[a-z0-9]{16,24}");
    /** Shape of a generated connection id. */
    public static final Pattern CONNECTION_ID = Pattern.compile("conn-[a-z0-9]{16,24}");
    /**
     * What any node or connection id may look like (they appear in URL paths); ids supplied by clients,
     * such as the API document's {@code node_1}, are accepted when they match.
     */
    public static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int RANDOM_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GraphIds() {
    }

    public static String newNodeId() {
        return "node-" + random();
    }

    public static String newConnectionId() {
        return "conn-" + random();
    }

    private static String random() {
        char[] chars = new char[RANDOM_LENGTH];
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
