package io.mgw.adapters.provider;

import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.ProtocolError;
import java.util.List;
import java.util.Objects;

/** What one inbound provider message meant. Never an exception. */
public sealed interface DecodeResult
        permits DecodeResult.Pending, DecodeResult.Started, DecodeResult.Frames, DecodeResult.Rejected {

    /** A handshake step that completes nothing yet (e.g. Twilio {@code connected}). */
    record Pending() implements DecodeResult {
    }

    /**
     * The handshake is complete: call information, plus frames carried by the same message (Vonage
     * may open with audio instead of a text event).
     */
    record Started(CallInfo call, List<Frame> frames) implements DecodeResult {
        /** Requires the call; copies frames. */
        public Started {
            Objects.requireNonNull(call, "call");
            frames = List.copyOf(frames);
        }
    }

    /**
     * Canonical frames for the pod, in order: audio (PCM16 at the pod rate), dtmf, mark (played or
     * cleared), stop. May be empty (a message with nothing to forward, audio held for reordering).
     */
    record Frames(List<Frame> frames) implements DecodeResult {
        /** Copies frames. */
        public Frames {
            frames = List.copyOf(frames);
        }
    }

    /** The message was refused; during the handshake the gateway closes with 4400, later it drops it. */
    record Rejected(ProtocolError error) implements DecodeResult {
        /** Requires an error. */
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The single-frame result. */
    static DecodeResult of(Frame frame) {
        return new Frames(List.of(frame));
    }

    /** A result with nothing to forward. */
    static DecodeResult none() {
        return new Frames(List.of());
    }

    /** A rejection. */
    static DecodeResult rejected(ProtocolError error) {
        return new Rejected(error);
    }
}
