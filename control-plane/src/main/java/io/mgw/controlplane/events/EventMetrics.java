package io.mgw.controlplane.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The consumer's meters (Prometheus names): {@code mgw_events_consumed_total{type}} (valid events whose entry was
 * acknowledged after processing, duplicates included), {@code mgw_events_duplicates_total},
 * {@code mgw_events_invalid_total{reason}} (entries acknowledged without processing: malformed, unknown type),
 * {@code mgw_events_unhandled_total{type}} (known types without a handler yet), {@code mgw_events_dropped_total{reason}}
 * (valid events whose effect was not written: unknown session, organization mismatch, gave up) and
 * {@code mgw_events_apply_failures_total} (failed database transactions; the entry stays pending).
 */
@Singleton
public class EventMetrics {

    static final String CONSUMED = "mgw.events.consumed";
    static final String DUPLICATES = "mgw.events.duplicates";
    static final String INVALID = "mgw.events.invalid";
    static final String UNHANDLED = "mgw.events.unhandled";
    static final String DROPPED = "mgw.events.dropped";
    static final String APPLY_FAILURES = "mgw.events.apply.failures";

    /** Reasons of {@link #dropped(String)}. */
    public static final String DROPPED_UNKNOWN_SESSION = "unknown_session";
    public static final String DROPPED_ORG_MISMATCH = "org_mismatch";
    public static final String DROPPED_GAVE_UP = "gave_up";

    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter applyFailures;

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duplicates = Counter.builder(DUPLICATES).description("mgw:events entries whose event_id was already stored")
                .register(registry);
        this.applyFailures = Counter.builder(APPLY_FAILURES)
                .description("mgw:events transactions that failed; the entry stays pending and is retried")
                .register(registry);
        // The alerting series exist from the start, at zero.
        Counter.builder(INVALID).description("mgw:events entries acknowledged without processing (malformed)")
                .tag("reason", "unknown_type").register(registry);
    }

    void consumed(String type) {
        Counter.builder(CONSUMED).description("mgw:events entries processed and acknowledged").tag("type", type)
                .register(registry).increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    /** {@code reason}: a lowercase {@code ProtocolError.Kind} name or {@code unknown_type}; bounded set. */
    void invalid(String reason) {
        Counter.builder(INVALID).description("mgw:events entries acknowledged without processing (malformed)")
                .tag("reason", reason).register(registry).increment();
    }

    void unhandled(String type) {
        Counter.builder(UNHANDLED).description("mgw:events entries of a known type without a handler yet")
                .tag("type", type).register(registry).increment();
    }

    /** Called from handlers inside the event's transaction, so counts may include a rolled-back attempt. */
    public void dropped(String reason) {
        Counter.builder(DROPPED).description("mgw:events events recorded as processed without their effect")
                .tag("reason", reason).register(registry).increment();
    }

    void applyFailure() {
        applyFailures.increment();
    }
}
