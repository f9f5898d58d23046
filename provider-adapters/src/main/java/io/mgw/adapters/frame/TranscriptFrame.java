package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Recognised or spoken text; {@code final} false marks an interim hypothesis. */
public record TranscriptFrame(
        long seq,
        String role,
        String text,
        @JsonProperty("final") boolean isFinal,
        @JsonProperty("emitted_at") String emittedAt) implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "transcript";

    /** Requires role and text. */
    public TranscriptFrame {
        FrameChecks.requireSeq(seq);
        FrameChecks.requireText(role, "role");
        if (text == null) {
            throw ProtocolError.missingField("text").toException();
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TranscriptFrame withSeq(long newSeq) {
        return new TranscriptFrame(newSeq, role, text, isFinal, emittedAt);
    }
}
