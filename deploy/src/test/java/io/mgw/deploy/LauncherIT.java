package io.mgw.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starts {@code bin/mgw up}'s launcher as a real process on embedded defaults, as a new user would. */
class LauncherIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void upStartsEverythingOnEmbeddedDefaultsStopsCleanlyAndKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("mgw-launcher");
        // Started as root, the embedded PostgreSQL runs as nobody, who must be able to reach the data directory.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int controlPlane = freePort();
        int gateway = freePort();
        int runtime = freePort();
        String createdKey;

        Process first = launch(dataDir, controlPlane, gateway, runtime);
        try {
            awaitHealthy(first, controlPlane, "/health");
            awaitHealthy(first, gateway, "/health");
            awaitHealthy(first, runtime, "/health");
            String adminKey = secrets(dataDir).getProperty("MGW_BOOTSTRAP_API_KEY");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + controlPlane + "/api/v1/api-keys"))
                    .header("X-API-Key", adminKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"survives restarts\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            createdKey = created.body().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
        } finally {
            stop(first);
        }
        for (int port : List.of(controlPlane, gateway, runtime)) {
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                    "port " + port + " still open after stop");
        }

        Process second = launch(dataDir, controlPlane, gateway, runtime);
        try {
            awaitHealthy(second, controlPlane, "/health");
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + controlPlane + "/api/v1/api-keys"))
                    .header("X-API-Key", createdKey).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, listed.statusCode(), listed.body());
            assertTrue(listed.body().contains("survives restarts"));
        } finally {
            stop(second);
        }
    }

    @Test
    void eachProcessAloneStopsOnSigterm() throws Exception {
        Path dataDir = Files.createTempDirectory("mgw-launcher-one");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int controlPlane = freePort();
        int gateway = freePort();
        int runtime = freePort();
        Map<String, String> shared = Map.of("DATABASE_URL", io.mgw.embedded.TestServices.createDatabase("launcher_one"),
                "REDIS_URL", io.mgw.embedded.TestServices.redisUrl(),
                "MGW_RUNTIME_URL", "http://127.0.0.1:" + runtime,
                "MGW_CONTROL_PLANE_URL", "http://127.0.0.1:" + controlPlane);
        // Each process on its own, as the containers run them: the control plane alone once deadlocked its
        // shutdown hooks (Micronaut's and the launcher's), so SIGTERM must end every one of them.
        for (String command : List.of("runtime", "control-plane", "gateway")) {
            Process process = launch(command, dataDir, controlPlane, gateway, runtime, shared);
            try {
                int port = switch (command) {
                    case "runtime" -> runtime;
                    case "gateway" -> gateway;
                    default -> controlPlane;
                };
                awaitHealthy(process, port, "/health");
            } finally {
                stop(process);
            }
        }
    }

    private Process launch(Path dataDir, int controlPlane, int gateway, int runtime) throws IOException {
        return launch("up", dataDir, controlPlane, gateway, runtime, Map.of());
    }

    private Process launch(String command, Path dataDir, int controlPlane, int gateway, int runtime,
                           Map<String, String> extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                        "-cp", "target/classes:target/lib/*", "io.mgw.deploy.Mgw", command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("launcher-" + command + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.remove("DATABASE_URL");
        env.remove("REDIS_URL");
        env.put("MGW_DATA_DIR", dataDir.toString());
        env.put("MGW_CONTROL_PLANE_PORT", Integer.toString(controlPlane));
        env.put("MGW_GATEWAY_PORT", Integer.toString(gateway));
        env.put("MGW_RUNTIME_PORT", Integer.toString(runtime));
        env.putAll(extra);
        return builder.start();
    }

    private void awaitHealthy(Process process, int port, String path) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), "launcher exited early with " + (process.isAlive() ? "" : process.exitValue()));
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(3)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("port " + port + path + " not healthy in time: " + last);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "launcher did not stop within 30 s of SIGTERM");
    }

    private static Properties secrets(Path dataDir) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("secrets.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
