package io.mgw.deploy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.deploy.Mgw;
import io.mgw.embedded.TestServices;
import io.mgw.gateway.GatewayMain;
import io.mgw.gateway.server.GatewayServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load tool against the real system on loopback, in each of its modes: app sessions through the gateway and
 * straight to the pod, Twilio-framed calls through the agent stream, and the proxy baseline's echo server.
 */
class LoadToolIT {

    private static final String SERVICE_TOKEN = "load-it-service-token-of-32-bytes-long";
    private static final String JWT_SECRET = "load-it-jwt-secret-of-at-least-32-bytes";
    private static Mgw mgw;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestServices.createDatabase("e2e_load"));
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-load").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_SERVICE_TOKEN", SERVICE_TOKEN);
        env.put("MGW_JWT_SECRET", JWT_SECRET);
        env.put("MGW_POD_ID", "pod-load-" + System.nanoTime());
        env.put("MGW_EVENTS_STREAM", "mgw:events:load:" + System.nanoTime());
        mgw = Mgw.start("up", env);
    }

    @AfterAll
    static void stop() {
        mgw.close();
    }

    private static LoadOptions options(int sessions, String provider, String url) {
        return options(sessions, provider, url, URI.create(mgw.gatewayUrl().replace("http:", "ws:")));
    }

    private static LoadOptions options(int sessions, String provider, String url, URI gateway) {
        return new LoadOptions(URI.create(mgw.controlPlaneUrl()), mgw.adminKey(), sessions, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMillis(200), 20, 25, null, provider, url, gateway,
                SERVICE_TOKEN, Map.of("mgw", ProcessHandle.current().pid()), 1, true);
    }

    private static long[] audio(String report) {
        Matcher m = Pattern.compile("audio frames\\s+(\\d+) sent, (\\d+) received").matcher(report);
        assertTrue(m.find(), report);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static void assertEchoed(String report, int sessions) {
        long[] audio = audio(report);
        assertTrue(audio[0] >= sessions * 90L, "about 50 frames per second per session: " + report);
        assertTrue(audio[1] >= audio[0] * 9 / 10, "the echo came back: " + report);
        Matcher rtt = Pattern.compile("\\((\\d+) samples\\)").matcher(report);
        assertTrue(rtt.find() && Long.parseLong(rtt.group(1)) >= audio[1] * 9 / 10, "round trips measured: " + report);
    }

    @Test
    void sessionsThroughTheGatewayEchoAndEndWith1000() throws Exception {
        String report = new LoadTool(options(2, null, null)).run();
        assertTrue(report.contains("2 requested, 2 connected, 0 failed"), report);
        assertEchoed(report, 2);
        assertTrue(report.contains("cpu mgw") && report.contains("CPU-ms per 1000 relayed frames"), report);
        Matcher json = Pattern.compile("json frames\\s+\\d+ sent, (\\d+) received with seq, (\\d+) seq gaps").matcher(report);
        assertTrue(json.find() && Long.parseLong(json.group(1)) > 0, report);
        assertEquals("0", json.group(2), report);
        assertTrue(report.contains("{1000=2}"), "sessions ended normally: " + report);
        assertTimelineCoversEveryRoundTrip(report);
    }

    /** With --timeline, the per-second lines hold every measured round trip between them. */
    private static void assertTimelineCoversEveryRoundTrip(String report) {
        Matcher total = Pattern.compile("round trip \\(ms\\).*\\((\\d+) samples\\)").matcher(report);
        assertTrue(total.find(), report);
        Matcher second = Pattern.compile("(?m)^second \\d+\\s+p50 [\\d.]+  p99 [\\d.]+  max [\\d.]+  \\((\\d+) samples\\)$")
                .matcher(report);
        long sum = 0;
        int lines = 0;
        while (second.find()) {
            sum += Long.parseLong(second.group(1));
            lines++;
        }
        assertTrue(lines >= 2, "a 2 s window spans at least two seconds: " + report);
        assertEquals(Long.parseLong(total.group(1)), sum, report);
        assertTrue(report.contains("worst second"), report);
    }

    @Test
    void sessionsGoThroughTheGatewayNamedRatherThanTheOneTheirWsUrlNames() throws Exception {
        try (GatewayServer second = GatewayMain.start(Map.of("REDIS_URL", TestServices.redisUrl(),
                "MGW_CONTROL_PLANE_URL", mgw.controlPlaneUrl(), "MGW_SERVICE_TOKEN", SERVICE_TOKEN,
                "MGW_JWT_SECRET", JWT_SECRET, "MGW_BIND_HOST", "127.0.0.1", "MGW_GATEWAY_PORT", "0"))) {
            String report = new LoadTool(options(2, null, null, URI.create("ws://127.0.0.1:" + second.port()))).run();
            assertTrue(report.contains("2 requested, 2 connected, 0 failed"), report);
            assertEchoed(report, 2);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher connects = Pattern.compile("(?m)^mgw_gateway_upstream_connects_total\\{[^}]*result=\"ok\"[^}]*} (\\S+)$")
                    .matcher(metrics);
            assertTrue(connects.find() && Double.parseDouble(connects.group(1)) >= 2,
                    "the named gateway carried both sessions: " + metrics);
        }
    }

    @Test
    void sessionsStraightToThePodUseTheSameClient() throws Exception {
        String pod = mgw.runtimeUrl().replace("http:", "ws:") + "/sessions/{session}/ws?deployment={deployment}";
        String report = new LoadTool(options(2, null, pod)).run();
        assertTrue(report.contains("2 requested, 2 connected, 0 failed"), report);
        assertEchoed(report, 2);
        assertTrue(report.contains("{1000=2}"), report);
    }

    @ParameterizedTest
    @ValueSource(strings = {"twilio", "cloudonix"})
    void providerFramedCallsThroughTheAgentStreamEchoTranscodedAudio(String provider) throws Exception {
        String report = new LoadTool(options(2, provider, null)).run();
        assertTrue(report.contains("2 requested, 2 connected, 0 failed"), report);
        assertEchoed(report, 2);
        assertTrue(report.contains("{1000=2}"), "calls ended with the caller's stop: " + report);
    }

    @Test
    void theGrafanaDashboardGraphsOnlyMetricsTheProcessesExport() throws Exception {
        new LoadTool(options(1, null, null)).run();
        new LoadTool(options(1, "twilio", null)).run();
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder exported = new StringBuilder();
        for (String base : new String[] {mgw.gatewayUrl(), mgw.runtimeUrl(), mgw.controlPlaneUrl()}) {
            exported.append(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("grafana/mgw-dashboard.json").toFile());
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher names = Pattern.compile("\\b(mgw_[a-z_]+|http_server_[a-z_]+|process_[a-z_]+|jvm_[a-z_]+)\\b")
                        .matcher(target.path("expr").asText());
                while (names.find()) {
                    used.add(names.group(1));
                }
            }
        }
        assertTrue(used.size() >= 15, "the dashboard graphs the product's meters: " + used);
        for (String name : used) {
            assertTrue(Pattern.compile("(?m)^" + name + "[{ ]").matcher(exported).find(), name + " is not exported");
        }
    }

    @Test
    void baselineEchoServerReturnsTheProviderFramesUnchanged() throws Exception {
        try (EchoServer echo = new EchoServer("127.0.0.1", 0)) {
            var baseline = new LoadOptions(null, null, 2, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200), 20, 25, null,
                    "twilio", "ws://127.0.0.1:" + echo.port() + "/media", null, null, Map.of(), 1, false);
            String report = new LoadTool(baseline).run();
            assertTrue(report.contains("2 requested, 2 connected, 0 failed"), report);
            assertEchoed(report, 2);
            assertTrue(report.contains("{1000=2}"), "the client closes a baseline call itself: " + report);
            assertTrue(report.contains("worst second") && !report.contains("\nsecond 0 "),
                    "without --timeline only the worst second: " + report);
        }
    }
}
