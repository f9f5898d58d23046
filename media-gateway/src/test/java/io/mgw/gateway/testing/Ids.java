package io.mgw.gateway.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Unique ids for tests (our id shape: prefix plus lowercase letters and digits). */
public final class Ids {

    private Ids() {
    }

    public static String random(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
