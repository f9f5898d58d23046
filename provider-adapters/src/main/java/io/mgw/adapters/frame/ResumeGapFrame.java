package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Gateway to app: the resume buffer cannot cover the frames after {@code from_seq}. */
public record ResumeGapFrame(
        @JsonProperty("from_seq") long fromSeq,
        @JsonProperty("first_available_seq") long firstAvailableSeq,
        String epoch) implements Frame {

    /** Wire type. */
    public static final String TYPE = "resume_gap";

    @Override
    public String type() {
        return TYPE;
    }
}
