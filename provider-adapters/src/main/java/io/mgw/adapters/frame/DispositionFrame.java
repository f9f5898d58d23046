package io.mgw.adapters.frame;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The call's outcome as structured fields, versioned by {@code schema_version}. */
public record DispositionFrame(long seq, @JsonProperty("schema_version") String schemaVersion, JsonNode fields)
        implements SequencedFrame {

    /** Wire type. */
    public static final String TYPE = "disposition";

    /** Requires the schema version; fields must be an object (empty when absent). */
    public DispositionFrame {
        FrameChecks.requireSeq(seq);
        FrameChecks.requireText(schemaVersion, "schema_version");
        if (fields == null || fields.isNull() || fields.isMissingNode()) {
            fields = JsonNodeFactory.instance.objectNode();
        } else if (!fields.isObject()) {
            throw ProtocolError.wrongType("fields", "an object").toException();
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DispositionFrame withSeq(long newSeq) {
        return new DispositionFrame(newSeq, schemaVersion, fields);
    }
}
