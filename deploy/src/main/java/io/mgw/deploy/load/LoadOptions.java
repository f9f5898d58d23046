package io.mgw.deploy.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@code bin/mgw load}.
 *
 * @param controlPlane  control plane base URL (sessions are created there)
 * @param apiKey        an API key with workflows:write, streaming-sessions:write
 * @param sessions      concurrent sessions
 * @param duration      how long each session streams
 * @param rampUp        how long to spread the session starts over
 * @param frameMs       audio frame length (20 ms: 50 frames per second each way)
 * @param injectEvery   send an inject (the echo agent answers with a transcript frame carrying seq) every N frames
 * @param workflowId    a streaming workflow to use, or null to create an echo workflow
 * @param pid           the process under test, whose CPU time is reported (0: none)
 */
public record LoadOptions(URI controlPlane, String apiKey, int sessions, Duration duration, Duration rampUp,
                          int frameMs, int injectEvery, String workflowId, long pid) {

    static final String USAGE = """
            usage: bin/mgw load --api-key KEY [options]
              --control-plane URL   control plane base (default http://127.0.0.1:8080)
              --sessions N          concurrent sessions (default 10)
              --duration SECONDS    streaming time per session (default 10)
              --ramp-up SECONDS     spread session starts over this time (default 2)
              --inject-every N      an inject every N audio frames (default 50: one JSON frame with seq per second)
              --workflow ID         streaming workflow to use (default: create an echo workflow)
              --pid PID             report the CPU time this process used during the run""";

    static LoadOptions parse(String[] args) {
        URI controlPlane = URI.create("http://127.0.0.1:8080");
        String apiKey = null;
        int sessions = 10;
        long duration = 10;
        long rampUp = 2;
        int injectEvery = 50;
        String workflow = null;
        long pid = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            try {
                switch (args[i]) {
                    case "--control-plane" -> controlPlane = URI.create(require(value, args[i]));
                    case "--api-key" -> apiKey = require(value, args[i]);
                    case "--sessions" -> sessions = Integer.parseInt(require(value, args[i]));
                    case "--duration" -> duration = Long.parseLong(require(value, args[i]));
                    case "--ramp-up" -> rampUp = Long.parseLong(require(value, args[i]));
                    case "--inject-every" -> injectEvery = Integer.parseInt(require(value, args[i]));
                    case "--workflow" -> workflow = require(value, args[i]);
                    case "--pid" -> pid = Long.parseLong(require(value, args[i]));
                    default -> {
                        problems.add("unknown option " + args[i]);
                        continue;
                    }
                }
                i++;
            } catch (IllegalArgumentException e) {
                problems.add(args[i] + ": " + e.getMessage());
                i++;
            }
        }
        if (apiKey == null) {
            problems.add("--api-key is required");
        }
        if (sessions < 1 || sessions > 20_000) {
            problems.add("--sessions must be 1-20000");
        }
        if (duration < 1) {
            problems.add("--duration must be at least 1 second");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems) + "\n" + USAGE);
        }
        return new LoadOptions(controlPlane, apiKey, sessions, Duration.ofSeconds(duration), Duration.ofSeconds(rampUp),
                20, Math.max(injectEvery, 1), workflow, pid);
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException("needs a value");
        }
        return value;
    }
}
