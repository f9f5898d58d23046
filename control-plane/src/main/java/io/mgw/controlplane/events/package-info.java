/**
 * The consumer of {@code mgw:events}: {@link io.mgw.controlplane.events.EventConsumer} reads the stream in the
 * {@code control-plane} group, {@link io.mgw.controlplane.events.EventApplier} stores each event once (one
 * transaction: {@code processed_events} row, then the effect), and one
 * {@link io.mgw.controlplane.events.EventHandler} per event type holds the effect. New event effects (the
 * execution events of issue 6) are a new handler bean; nothing else changes.
 */
package io.mgw.controlplane.events;
