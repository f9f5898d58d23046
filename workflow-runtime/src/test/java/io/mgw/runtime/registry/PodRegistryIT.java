package io.mgw.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.embedded.EmbeddedRedisServer;
import io.mgw.embedded.TestServices;
import io.mgw.runtime.metrics.RuntimeMetrics;
import io.mgw.runtime.testing.Await;
import io.mgw.runtime.testing.RedisProbe;
import io.mgw.runtime.testing.RuntimeHarness;
import io.mgw.service.ServiceMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The registry against Redis that comes and goes, with a fast heartbeat; the wiring is tested in PodRegistrationIT. */
class PodRegistryIT {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final URI ADVERTISED = URI.create("ws://127.0.0.1:9999");

    private final String podId = RuntimeHarness.uniquePodId();
    private final String deploymentId = RuntimeHarness.uniqueDeploymentId();
    private final ServiceMetrics serviceMetrics = new ServiceMetrics(RuntimeMetrics.PREFIX);
    private final RuntimeMetrics metrics = new RuntimeMetrics(serviceMetrics);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private RedisClient client;

    @BeforeEach
    void setUp() {
        // the options NettyServer gives the process's client
        client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
        logs.start();
        ((Logger) LoggerFactory.getLogger(PodRegistry.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(PodRegistry.class)).detachAppender(logs);
        client.shutdown();
        serviceMetrics.close();
    }

    @Test
    void heartbeatRefreshesTheScoreAndTtl() {
        try (var probe = new RedisProbe(TestServices.redisUrl());
             var registry = registry(TestServices.redisUrl())) {
            registry.start(ADVERTISED);
            Await.until(DEADLINE, "registered", () -> probe.score(deploymentId, podId) != null);
            double first = probe.score(deploymentId, podId);
            probe.redis().expire(RedisKeys.pod(podId), 3);

            Await.until(DEADLINE, "score refreshed", () -> probe.score(deploymentId, podId) > first);
            Await.until(DEADLINE, "TTL refreshed", () -> probe.podTtl(podId) > 3);
        }
    }

    @Test
    void redisOutageIsLoggedOnceCountedAndHealedByTheHeartbeat() throws Exception {
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(null, 0);
        int port = redis.port();
        try (var registry = registry(redis.url())) {
            registry.start(ADVERTISED);
            try (var probe = new RedisProbe(redis.url())) {
                Await.until(DEADLINE, "registered", () -> probe.podsOf(deploymentId).contains(podId));
            }

            redis.close();
            Await.until(DEADLINE, "three failed heartbeats", () -> heartbeatFailures() >= 3);
            registry.activeSessions(2);
            CompletableFuture<Void> update = registry.deploymentAdded(deploymentId);
            assertTrue(failsWithin(update), "an update during the outage must fail, not hang");

            redis = EmbeddedRedisServer.start(null, port);
            try (var probe = new RedisProbe(redis.url())) {
                Await.until(DEADLINE, "re-registered in the restarted (empty) Redis",
                        () -> probe.podsOf(deploymentId).contains(podId) && "2".equals(probe.pod(podId).get(RedisKeys.POD_ACTIVE)));
                long ttl = probe.podTtl(podId);
                assertTrue(ttl >= 1 && ttl <= RedisKeys.POD_TTL_SECONDS, "TTL " + ttl);
            }
            assertEquals(1, logged(Level.WARN), "one warning per outage");
            Await.until(Duration.ofSeconds(5), "recovery logged", () -> logged(Level.INFO) == 1);
        } finally {
            redis.close();
        }
    }

    @Test
    void startWithoutRedisDoesNotFailAndRegistersOnceRedisIsUp() throws Exception {
        int port = closedPort();
        try (var registry = registry("redis://127.0.0.1:" + port)) {
            registry.start(ADVERTISED);
            Await.until(DEADLINE, "a failed heartbeat", () -> heartbeatFailures() >= 1);

            try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(null, port);
                 var probe = new RedisProbe(redis.url())) {
                Await.until(DEADLINE, "registered", () -> probe.podsOf(deploymentId).contains(podId));
                registry.close();
                assertTrue(probe.pod(podId).isEmpty(), "pod hash left behind");
            }
        }
    }

    private PodRegistry registry(String redisUrl) {
        return new PodRegistry(client, URI.create(redisUrl), podId, 10, () -> List.of(deploymentId), metrics, HEARTBEAT);
    }

    private double heartbeatFailures() {
        return serviceMetrics.registry().get(RuntimeMetrics.PREFIX + ".registry.heartbeat.failures").counter().count();
    }

    private long logged(Level level) {
        return logs.list.stream().filter(event -> event.getLevel() == level).count();
    }

    private static boolean failsWithin(CompletableFuture<Void> update) throws InterruptedException {
        try {
            update.get(5, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
