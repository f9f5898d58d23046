package io.mgw.deploy.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code bin/mgw load}.
 *
 * @param controlPlane  control plane base URL (workflows and sessions are created there)
 * @param apiKey        an API key with workflows:write, streaming-workflows:deploy, streaming-sessions:write and
 *                      telephony:write; not needed with {@code --url} and a provider (nothing is created then)
 * @param sessions      concurrent sessions (calls)
 * @param duration      how long the measured window lasts; every session streams through it, all at the same time
 * @param warmUp        full-rate streaming before the window, not measured
 * @param rampUp        how long to spread the connection setups over
 * @param frameMs       audio frame length (20 ms: 50 frames per second each way)
 * @param jsonEvery     a JSON frame every N audio frames: an inject on the session socket (answered by a transcript
 *                      carrying {@code seq}), a mark on a provider stream
 * @param workflowId    a streaming workflow to use, or null to create an echo workflow
 * @param provider      null for app sessions; a provider framing ({@code twilio}, {@code cloudonix}) for calls
 * @param url           where to connect instead of the gateway: a template with {@code {session}} and
 *                      {@code {deployment}} (a pod directly, or a proxy in front of it), or any URL for a provider
 *                      framing (an echo server behind a proxy: the baseline); null for the gateway
 * @param gateway       the gateway's WebSocket base: where calls go ({@link #DEFAULT_GATEWAY} when null), and where
 *                      sessions go instead of the control plane's {@code ws_url} (one of several gateways)
 * @param serviceToken  sent as {@code X-Service-Token} with {@code url} (a pod's session socket needs it), or null
 * @param pids          processes whose CPU time is reported, by label ({@code gateway=1234,redis=99})
 * @param threads       the client's event-loop threads
 * @param timeline      also report the round trip second by second (whether a tail is one stall or spread out)
 */
public record LoadOptions(URI controlPlane, String apiKey, int sessions, Duration duration, Duration warmUp,
                          Duration rampUp, int frameMs, int jsonEvery, String workflowId, String provider, String url, URI gateway,
                          String serviceToken, Map<String, Long> pids, int threads, boolean timeline) {

    /** Where calls go unless {@code --gateway} says otherwise. */
    static final URI DEFAULT_GATEWAY = URI.create("ws://127.0.0.1:8081");

    /** Provider framings the load tool speaks. */
    static final Set<String> PROVIDERS = Set.of("twilio", "cloudonix");

    static final String USAGE = """
            usage: bin/mgw load [options]            drive concurrent sessions or calls through a running system
                   bin/mgw load --echo-server PORT   a plain WebSocket echo server (the proxy baseline's upstream)
              --api-key KEY         API key (workflows, deploy, sessions, telephony scopes)
              --control-plane URL   control plane base (default http://127.0.0.1:8080)
              --sessions N          concurrent sessions or calls (default 10)
              --duration SECONDS    measured streaming time, all sessions at once (default 10)
              --warm-up SECONDS     full-rate streaming before the measurement (default 3)
              --ramp-up SECONDS     spread connection setups over this time (default 2)
              --json-every N        a JSON frame every N audio frames (default 50: one per second)
              --workflow ID         streaming workflow to use (default: create an echo workflow)
              --provider NAME       place calls with this provider's framing (twilio, cloudonix) on the agent stream
              --gateway URL         gateway WebSocket base (calls: default ws://127.0.0.1:8081; sessions:
                                    default the session's ws_url, from the control plane)
              --url TEMPLATE        connect here instead of the gateway ({session}, {deployment} are filled in)
              --service-token TOK   X-Service-Token to send with --url (a pod's session socket)
              --pid LABEL=PID,...   report the CPU time of these processes during the streaming window
              --threads N           client event-loop threads (default 1)
              --timeline            also print the round trip of every second of the window""";

    static LoadOptions parse(String[] args) {
        URI controlPlane = URI.create("http://127.0.0.1:8080");
        URI gateway = null;
        String apiKey = null;
        String workflow = null;
        String provider = null;
        String url = null;
        String serviceToken = null;
        int sessions = 10;
        long duration = 10;
        long warmUp = 3;
        long rampUp = 2;
        int jsonEvery = 50;
        int threads = 1;
        boolean timeline = false;
        Map<String, Long> pids = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            try {
                switch (args[i]) {
                    case "--control-plane" -> controlPlane = URI.create(require(value, args[i]));
                    case "--api-key" -> apiKey = require(value, args[i]);
                    case "--sessions" -> sessions = Integer.parseInt(require(value, args[i]));
                    case "--duration" -> duration = Long.parseLong(require(value, args[i]));
                    case "--warm-up" -> warmUp = Long.parseLong(require(value, args[i]));
                    case "--ramp-up" -> rampUp = Long.parseLong(require(value, args[i]));
                    case "--json-every" -> jsonEvery = Integer.parseInt(require(value, args[i]));
                    case "--workflow" -> workflow = require(value, args[i]);
                    case "--provider" -> provider = require(value, args[i]);
                    case "--gateway" -> gateway = URI.create(require(value, args[i]));
                    case "--url" -> url = require(value, args[i]);
                    case "--service-token" -> serviceToken = require(value, args[i]);
                    case "--threads" -> threads = Integer.parseInt(require(value, args[i]));
                    case "--pid" -> pids.putAll(parsePids(require(value, args[i])));
                    case "--timeline" -> {
                        timeline = true;
                        continue;
                    }
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
        boolean createsNothing = provider != null && url != null;
        if (apiKey == null && !createsNothing) {
            problems.add("--api-key is required (unless --provider and --url: a baseline run creates nothing)");
        }
        if (provider != null && !PROVIDERS.contains(provider)) {
            problems.add("--provider must be one of " + PROVIDERS);
        }
        if (sessions < 1 || sessions > 20_000) {
            problems.add("--sessions must be 1-20000");
        }
        if (duration < 1) {
            problems.add("--duration must be at least 1 second");
        }
        if (threads < 1 || threads > 16) {
            problems.add("--threads must be 1-16");
        }
        if (warmUp < 0) {
            problems.add("--warm-up must be 0 or more seconds");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems) + "\n" + USAGE);
        }
        return new LoadOptions(controlPlane, apiKey, sessions, Duration.ofSeconds(duration), Duration.ofSeconds(warmUp),
                Duration.ofSeconds(rampUp),
                20, Math.max(jsonEvery, 1), workflow, provider, url, gateway, serviceToken, Map.copyOf(pids), threads,
                timeline);
    }

    /** {@code label=pid,label=pid} or a bare pid (labelled {@code process}). */
    static Map<String, Long> parsePids(String value) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 1) {
                out.put("process", Long.parseLong(kv[0]));
            } else {
                out.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return out;
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException("needs a value");
        }
        return value;
    }

    /** The gateway calls go to. */
    URI callGateway() {
        return gateway != null ? gateway : DEFAULT_GATEWAY;
    }
}
