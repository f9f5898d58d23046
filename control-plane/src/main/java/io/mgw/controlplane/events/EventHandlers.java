package io.mgw.controlplane.events;

import io.mgw.adapters.contract.events.EventJson;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link EventHandler} bean by wire type: the one place that says which events have an effect. A type
 * without a handler (today {@code execution.event}) is acknowledged and counted as unhandled.
 */
@Singleton
public class EventHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(EventHandlers.class);

    private final Map<String, EventHandler<?>> byType;

    /** Raw element type on purpose: Micronaut matches {@code List<EventHandler<?>>} by type argument and finds none. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public EventHandlers(List<EventHandler> handlers) {
        Map<String, EventHandler<?>> map = new HashMap<>();
        for (EventHandler<?> handler : (List<EventHandler<?>>) (List) handlers) {
            if (!EventJson.knownTypes().contains(handler.type())) {
                throw new IllegalStateException("Event handler " + handler.getClass().getName()
                        + " handles unknown type " + handler.type());
            }
            EventHandler<?> previous = map.put(handler.type(), handler);
            if (previous != null) {
                throw new IllegalStateException("Two event handlers for " + handler.type() + ": "
                        + previous.getClass().getName() + ", " + handler.getClass().getName());
            }
        }
        this.byType = Map.copyOf(map);
        LOG.debug("Event handlers: {}", new TreeSet<>(byType.keySet()));
    }

    public Optional<EventHandler<?>> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }
}
