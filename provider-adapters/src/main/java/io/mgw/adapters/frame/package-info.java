/**
 * Canonical frames ({@code shared/reference/frames.md}): the sealed {@link io.mgw.adapters.frame.Frame}
 * hierarchy with one record per type, {@link io.mgw.adapters.frame.SequencedFrame} for the downstream
 * frames that carry {@code seq}, and {@link io.mgw.adapters.frame.FrameJson} (the module's one
 * configured ObjectMapper, JSON parse and write). Parsing returns {@link io.mgw.adapters.frame.ParseResult}
 * with a typed {@link io.mgw.adapters.frame.ProtocolError}; Jackson exceptions never escape.
 */
package io.mgw.adapters.frame;
