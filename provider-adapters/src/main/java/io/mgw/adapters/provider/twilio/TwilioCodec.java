package io.mgw.adapters.provider.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.JsonFields;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleCodec;
import io.mgw.adapters.provider.twilio.TwilioMessages.TwilioStartMessage;
import java.util.HashMap;
import java.util.Map;

/** Twilio Media Streams: {@code connected}, {@code start}, then media, dtmf, mark and stop. */
public final class TwilioCodec extends TwilioStyleCodec {

    /** Registry name. */
    public static final ProviderId ID = new ProviderId("twilio");

    private static final String MISSING_IDS = "Missing stream identifiers";

    /** A codec for one call. */
    public TwilioCodec(CodecOptions options) {
        super(ID, options, true, 0);
    }

    @Override
    protected CallInfo parseStart(ObjectNode message) {
        JsonNode start = startObject(message);
        TwilioStartMessage wire = new TwilioStartMessage(
                JsonFields.requiredText(start, "streamSid", MISSING_IDS),
                JsonFields.requiredText(start, "accountSid", MISSING_IDS),
                JsonFields.requiredText(start, "callSid", MISSING_IDS),
                joinedTexts(start, "tracks"),
                JsonFields.stringMap(start, "customParameters"),
                mediaFormat(start, "mediaFormat", "sampleRate", AudioFormat.MULAW_8K));
        Map<String, String> attributes = new HashMap<>();
        if (wire.tracks() != null) {
            attributes.put("tracks", wire.tracks());
        }
        return new CallInfo(ID, wire.streamSid(), wire.callSid(), wire.accountSid(),
                options.queryValue("from"), options.queryValue("to"), "inbound",
                wire.mediaFormat(), wire.customParameters(), attributes);
    }
}
