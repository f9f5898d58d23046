package io.mgw.controlplane.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgw.adapters.contract.ControlMessage;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.controlplane.redis.RedisFactory.RedisConnections;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Publishes end, inject and reassign to whichever gateway and pod hold a session. */
@Singleton
public class ControlChannel {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

    private final RedisConnections redis;
    private final ObjectMapper json;

    public ControlChannel(RedisConnections redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /**
     * Publishes and waits for Redis to take it; returns how many subscribers received it (0 when no gateway or pod
     * holds the session right now).
     *
     * @throws ControlChannelException when Redis does not answer
     */
    public long publish(ControlMessage message) {
        try {
            return redis.shared().async().publish(RedisKeys.control(message.sessionId()), json.writeValueAsString(message))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("control message did not serialize", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlChannelException("interrupted while publishing to the session's control channel", e);
        } catch (Exception e) {
            throw new ControlChannelException("Redis did not take the control message: " + e.getMessage(), e);
        }
    }

    /** Redis did not take a control message. */
    public static final class ControlChannelException extends RuntimeException {
        ControlChannelException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
