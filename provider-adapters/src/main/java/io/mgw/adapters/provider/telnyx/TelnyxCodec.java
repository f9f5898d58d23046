package io.mgw.adapters.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.JsonFields;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.telnyx.TelnyxMessages.TelnyxStartMessage;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Telnyx media streaming: snake_case Twilio-style events. Telnyx does not guarantee media order,
 * so media is put back in {@code media.chunk} order within a window of {@value #REORDER_WINDOW}
 * chunks. The inbound codec comes from {@code start.media_format}; audio sent back uses Telnyx's
 * bidirectional default PCMU 8 kHz unless {@code ?bidirectional_codec=PCMA} (or another
 * encoding) says otherwise.
 */
public final class TelnyxCodec extends TwilioStyleCodec {

    /** Registry name. */
    public static final ProviderId ID = new ProviderId("telnyx");

    /** Media chunks held back at most to restore order. */
    public static final int REORDER_WINDOW = 4;

    private static final String MISSING_IDS = "Missing stream identifiers";

    /** A codec for one call. */
    public TelnyxCodec(CodecOptions options) {
        super(ID, options, true, REORDER_WINDOW);
    }

    @Override
    protected CallInfo parseStart(ObjectNode message) {
        JsonNode start = startObject(message);
        JsonNode streamId = message.has("stream_id") ? message : start;
        TelnyxStartMessage wire = new TelnyxStartMessage(
                JsonFields.requiredText(streamId, "stream_id", MISSING_IDS),
                JsonFields.requiredText(start, "call_control_id", MISSING_IDS),
                JsonFields.optionalText(start, "call_session_id"),
                JsonFields.optionalText(start, "from"),
                JsonFields.optionalText(start, "to"),
                JsonFields.optionalText(start, "client_state"),
                JsonFields.stringMap(start, "custom_parameters"),
                mediaFormat(start, "media_format", "sample_rate", AudioFormat.MULAW_8K));
        Map<String, String> attributes = new HashMap<>();
        if (wire.callSessionId() != null) {
            attributes.put("call_session_id", wire.callSessionId());
        }
        if (wire.clientState() != null) {
            attributes.put("client_state", wire.clientState());
        }
        String from = wire.from() != null ? wire.from() : options.queryValue("from");
        String to = wire.to() != null ? wire.to() : options.queryValue("to");
        return new CallInfo(ID, wire.streamId(), wire.callControlId(), null, from, to, "inbound",
                wire.mediaFormat(), wire.customParameters(), attributes);
    }

    @Override
    protected InboundEvent classify(String event) {
        // Telnyx reports stream errors as events; they carry nothing for the pod.
        return "error".equals(event) ? InboundEvent.IGNORED : super.classify(event);
    }

    @Override
    protected AudioFormat outboundFormat(CallInfo info) {
        String codec = options.queryValue("bidirectional_codec");
        if (codec == null || codec.isBlank()) {
            return AudioFormat.MULAW_8K;
        }
        return new AudioFormat(encoding(codec), info.media().sampleRate(), 1);
    }

    @Override
    protected Object mediaMessage(String streamId, byte[] audioChunk) {
        return TelnyxMessages.TelnyxMediaMessage.of(audioChunk);
    }

    @Override
    protected Object markMessage(String streamId, String name) {
        return TelnyxMessages.TelnyxMarkMessage.of(name);
    }

    @Override
    protected Object clearMessage(String streamId) {
        return TelnyxMessages.TelnyxClearMessage.INSTANCE;
    }
}
