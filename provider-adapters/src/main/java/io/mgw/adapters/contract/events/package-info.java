/**
 * Records of the {@code mgw:events} Redis Stream ({@code shared/reference/frames.md}, "Events on
 * mgw:events"): sealed {@link io.mgw.adapters.contract.events.MgwEvent}, one record per type,
 * {@link io.mgw.adapters.contract.events.EventJson} (the one codec; stream field
 * {@link io.mgw.adapters.contract.RedisKeys#EVENT_FIELD}) and
 * {@link io.mgw.adapters.contract.events.EventFactory} (fills {@code event_id} and {@code at}).
 * Gateways and runtimes write, the control plane reads; nobody re-declares a field name.
 */
package io.mgw.adapters.contract.events;
