package io.mgw.adapters.frame;

/**
 * A downstream frame that carries {@code seq}: stamped by the pod, strictly increasing per session,
 * and the unit the gateway buffers for resume. Frames built before stamping use seq 0.
 */
public sealed interface SequencedFrame extends Frame
        permits TranscriptFrame, ToolCallFrame, ToolResultFrame, HandoffFrame, MetricsFrame, ErrorFrame,
                DispositionFrame, EndFrame {

    /** The per-session sequence number. */
    long seq();

    /** A copy of this frame with the given sequence number. */
    SequencedFrame withSeq(long seq);
}
