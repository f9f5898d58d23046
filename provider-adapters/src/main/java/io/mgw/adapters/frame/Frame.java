package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A canonical frame: the one message shape between apps, the gateway and pods
 * ({@code shared/reference/frames.md}). JSON form through {@link FrameJson}; audio also has a
 * binary form ({@link AudioFrame#data()} as-is in a binary WebSocket frame).
 */
@JsonPropertyOrder({"type", "seq"})
public sealed interface Frame
        permits SequencedFrame, StartFrame, AudioFrame, InjectFrame, DtmfFrame, MarkFrame, ClearFrame,
                StopFrame, HangupFrame, TransferFrame, ResumedFrame, ResumeGapFrame {

    /** The wire {@code type} value, e.g. {@code "transcript"}. */
    @JsonProperty("type")
    String type();
}
