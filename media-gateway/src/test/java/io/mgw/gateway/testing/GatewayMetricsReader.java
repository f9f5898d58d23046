package io.mgw.gateway.testing;

import java.util.regex.Pattern;

/** Reads one sample from a gateway's Prometheus {@code /metrics} page. */
public final class GatewayMetricsReader {

    private GatewayMetricsReader() {
    }

    /** The value of {@code name} with every given {@code label="value"} pair, or 0 when no such sample exists. */
    public static double sample(GatewayHarness gateway, String name, String... labelPairs) {
        String page;
        try {
            page = gateway.get("/metrics").body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String line : page.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                all &= line.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
            }
            if (all) {
                String[] parts = line.trim().split(Pattern.quote(" "));
                return Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return 0;
    }
}
