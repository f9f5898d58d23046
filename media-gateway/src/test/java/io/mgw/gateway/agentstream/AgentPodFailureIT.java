package io.mgw.gateway.agentstream;

import static io.mgw.gateway.testing.AgentStreamHarness.CONNECTED;
import static io.mgw.gateway.testing.AgentStreamHarness.WAIT;
import static io.mgw.gateway.testing.AgentStreamHarness.cloudonixStart;
import static io.mgw.gateway.testing.AgentStreamHarness.media;
import static io.mgw.gateway.testing.AgentStreamHarness.nextPodAudio;
import static io.mgw.gateway.testing.AgentStreamHarness.nextPodText;
import static io.mgw.gateway.testing.AgentStreamHarness.nextProviderMatching;
import static io.mgw.gateway.testing.AgentStreamHarness.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.CallClosedEvent;
import io.mgw.adapters.contract.events.SessionStateEvent;
import io.mgw.gateway.testing.AgentStreamHarness;
import io.mgw.gateway.testing.Await;
import io.mgw.gateway.testing.EventsReader;
import io.mgw.gateway.testing.FakePod;
import io.mgw.gateway.testing.Ids;
import io.mgw.gateway.testing.WsTestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pod dying mid-call, with real sockets and Redis: with another pod in the deployment the call moves there
 * (takeover) and goes on; with none it closes with 1011. Either way the session records why on {@code mgw:events},
 * and at the end every slot is given back.
 */
class AgentPodFailureIT {

    private static AgentStreamHarness a;

    @BeforeAll
    static void start() throws Exception {
        a = new AgentStreamHarness(Map.of("MGW_CONNECT_BUDGET", "2s"));
    }

    @AfterAll
    static void stop() {
        a.close();
    }

    @BeforeEach
    void reset() {
        a.api.reset();
        a.api.expectedAuthorization = "Bearer XI-token";
        a.api.expectedCallId = "S1";
    }

    /** Opens a Cloudonix call on {@code deployment} and returns its session id once admitted. */
    private String openCall(WsTestClient client, String deployment) throws InterruptedException {
        a.h.controlPlane.callDeployment = deployment;
        int before = a.h.controlPlane.admitted.size();
        send(client, CONNECTED);
        send(client, cloudonixStart("acme"));
        Await.until(WAIT, () -> a.h.controlPlane.admitted.size() > before, "call admitted");
        return a.h.controlPlane.admitted.get(before);
    }

    private boolean liveSlot(String deployment, String sid) {
        try (StatefulRedisConnection<String, String> c = a.h.redis.connect()) {
            return c.sync().zscore(RedisKeys.liveSessions(deployment), sid) != null;
        }
    }

    @Test
    void podDyingMidCallMovesTheCallToAnotherPodOfTheDeployment() throws Exception {
        String deployment = Ids.deployment();
        FakePod one = new FakePod(deployment).register(a.h.redis, 100, 0);
        FakePod two = new FakePod(deployment).register(a.h.redis, 100, 0);
        one.echo = false;
        two.echo = false;
        try (WsTestClient client = WsTestClient.open(a.uri("cloudonix/" + a.agent))) {
            String sid = openCall(client, deployment);
            Await.until(WAIT, () -> one.current(sid) != null || two.current(sid) != null, "a pod connection");
            FakePod first = one.current(sid) != null ? one : two;
            FakePod other = first == one ? two : one;
            FakePod.Conn conn = first.await(sid, WAIT);
            assertTrue(nextPodText(conn).contains("\"type\":\"start\""));
            send(client, media(2));
            nextPodAudio(conn);

            first.kill(); // the pod process dies: its connections drop without a close frame

            FakePod.Conn moved = other.await(sid, WAIT);
            assertTrue(moved.takeover, "the call moved with takeover=1");
            String start = nextPodText(moved);
            assertTrue(start.contains("\"type\":\"start\"") && start.contains("\"call_id\":\"S1\""), start);
            send(client, media(3));
            nextPodAudio(moved);
            moved.sendBinary(new byte[640]);
            nextProviderMatching(client, "\"media\"");
            assertFalse(client.closed.isDone(), "the caller never noticed");

            List<SessionStateEvent> states = EventsReader.await(a.h.redis, sid, SessionStateEvent.class, 2, WAIT);
            assertEquals("connecting", states.get(0).state());
            assertTrue(states.get(0).reason().contains("pod connection lost"), states.get(0).reason());
            assertEquals("active", states.get(1).state());
            assertEquals("call moved to another pod", states.get(1).reason());

            send(client, "{\"event\":\"stop\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ1\"}");
            assertTrue(nextPodText(moved).contains("\"stop\""));
            assertEquals(1000, client.awaitClose(WAIT).code());
            CallClosedEvent closed = EventsReader.await(a.h.redis, sid, CallClosedEvent.class, 1, WAIT).get(0);
            assertEquals(1000, closed.code());
            Await.until(WAIT, () -> a.h.controlPlane.releases.contains(sid), "call released");
            Await.until(WAIT, () -> !liveSlot(deployment, sid), "deployment slot released");
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void podDyingWithNoOtherPodClosesWith1011AndTheSessionRecordsWhy() throws Exception {
        String deployment = Ids.deployment();
        FakePod only = new FakePod(deployment).register(a.h.redis, 100, 0);
        only.echo = false;
        try (WsTestClient client = WsTestClient.open(a.uri("cloudonix/" + a.agent))) {
            String sid = openCall(client, deployment);
            FakePod.Conn conn = only.await(sid, WAIT);
            nextPodText(conn);
            assertTrue(liveSlot(deployment, sid), "the call holds a deployment slot");

            only.kill();

            WsTestClient.Closed closed = client.awaitClose(WAIT);
            assertEquals(1011, closed.code());
            assertEquals("server error", closed.reason(), "a short reason without internals");
            CallClosedEvent event = EventsReader.await(a.h.redis, sid, CallClosedEvent.class, 1, WAIT).get(0);
            assertEquals(1011, event.code());
            assertEquals("pod lost, no pod took the call", event.reason());
            assertEquals(AgentStreamEndpoint.ENDPOINT, event.endpoint());
            SessionStateEvent moving = EventsReader.of(a.h.redis, sid, SessionStateEvent.class).get(0);
            assertEquals("connecting", moving.state());
            Await.until(WAIT, () -> a.h.controlPlane.releases.contains(sid), "call released");
            Await.until(WAIT, () -> !liveSlot(deployment, sid), "deployment slot released");
        } finally {
            only.close();
        }
    }
}
