package io.mgw.deploy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.deploy.Mgw;
import io.mgw.embedded.TestServices;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The load tool against the real system on loopback: sessions connect, audio echoes back, sessions end with 1000. */
class LoadToolIT {

    @Test
    void drivesConcurrentSessionsAndReportsWhatHappened() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestServices.createDatabase("e2e_load"));
        env.put("REDIS_URL", TestServices.redisUrl());
        env.put("MGW_DATA_DIR", Files.createTempDirectory("mgw-load").toString());
        env.put("MGW_CONTROL_PLANE_PORT", "0");
        env.put("MGW_GATEWAY_PORT", "0");
        env.put("MGW_RUNTIME_PORT", "0");
        env.put("MGW_POD_ID", "pod-load-" + System.nanoTime());
        env.put("MGW_EVENTS_STREAM", "mgw:events:load:" + System.nanoTime());
        try (Mgw mgw = Mgw.start("up", env)) {
            LoadOptions options = new LoadOptions(URI.create(mgw.controlPlaneUrl()), mgw.adminKey(), 1,
                    Duration.ofSeconds(2), Duration.ofMillis(200), 20, 25, null, ProcessHandle.current().pid());
            String report = new LoadTool(options).run();
            assertTrue(report.contains("1 requested, 1 connected, 0 failed"), report);
            Matcher audio = Pattern.compile("audio frames\\s+(\\d+) sent, (\\d+) received").matcher(report);
            assertTrue(audio.find(), report);
            long sent = Long.parseLong(audio.group(1));
            long received = Long.parseLong(audio.group(2));
            assertTrue(sent >= 90, "about 50 frames per second per session: " + report);
            assertTrue(received >= sent * 9 / 10, "the echo agent returned the audio: " + report);
            assertTrue(report.contains("1000="), "sessions ended normally: " + report);
            Matcher json = Pattern.compile("json frames\\s+(\\d+) received with seq, (\\d+) seq gaps").matcher(report);
            assertTrue(json.find() && Long.parseLong(json.group(1)) > 0, report);
            assertEquals("0", json.group(2), report);
            assertTrue(report.contains("CPU-ms per 1000 relayed frames"), report);
        }
    }
}
