package io.mgw.adapters.provider.cloudonix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.JsonFields;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.cloudonix.CloudonixMessages.CloudonixStartMessage;
import io.mgw.adapters.provider.twiliostyle.TwilioStyleCodec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cloudonix CXML {@code <Connect><Stream>}: Twilio framing; the call id is {@code start.session}
 * and the domain is {@code start.accountSid} (falling back to {@code ?Domain=}).
 */
public final class CloudonixCodec extends TwilioStyleCodec {

    /** Registry name. */
    public static final ProviderId ID = new ProviderId("cloudonix");

    static final String MISSING_IDS = "Missing stream identifiers";
    static final String MISSING_DOMAIN = "Missing Cloudonix domain in start message";

    /** A codec for one call. */
    public CloudonixCodec(CodecOptions options) {
        super(ID, options, true, 0);
    }

    @Override
    protected CallInfo parseStart(ObjectNode message) {
        JsonNode start = startObject(message);
        requireKeys(start, MISSING_IDS, "streamSid", "callSid", "session", "accountSid");
        CloudonixStartMessage wire = new CloudonixStartMessage(
                JsonFields.requiredText(start, "streamSid", MISSING_IDS),
                JsonFields.requiredText(start, "callSid", MISSING_IDS),
                JsonFields.requiredText(start, "session", MISSING_IDS),
                domain(start.get("accountSid")),
                textOrNull(start, "from"),
                textOrNull(start, "to"),
                textOrNull(start, "context"),
                joinedTexts(start, "tracks"),
                JsonFields.stringMap(start, "customParameters"),
                mediaFormat(start, "mediaFormat", "sampleRate", AudioFormat.MULAW_8K));
        Map<String, String> attributes = new HashMap<>();
        attributes.put("call_sid", wire.callSid());
        if (wire.context() != null) {
            attributes.put("cloudonix_context", wire.context());
        }
        if (wire.tracks() != null) {
            attributes.put("tracks", wire.tracks());
        }
        String from = wire.from() != null ? wire.from() : options.queryValue("from");
        String to = wire.to() != null ? wire.to() : options.queryValue("to");
        String direction = wire.context() != null && wire.context().startsWith("outbound") ? "outbound" : "inbound";
        return new CallInfo(ID, wire.streamSid(), wire.session(), wire.domain(), from, to, direction,
                wire.mediaFormat(), wire.customParameters(), attributes);
    }

    private String domain(JsonNode accountSid) {
        String raw = accountSid != null && accountSid.isTextual() ? accountSid.textValue() : null;
        if (accountSid != null && !accountSid.isNull() && !accountSid.isTextual()) {
            throw new ProtocolError(ProtocolError.Kind.WRONG_TYPE, MISSING_DOMAIN, "accountSid").toException();
        }
        if (raw == null || raw.isBlank()) {
            raw = options.queryValue("Domain");
        }
        String domain = normaliseDomain(raw);
        if (domain == null) {
            throw new ProtocolError(ProtocolError.Kind.MISSING_FIELD, MISSING_DOMAIN, "accountSid").toException();
        }
        return domain;
    }

    /**
     * Cloudonix domain normalisation: trim, drop a trailing dot, lowercase; a bare name gets
     * {@code .cloudonix.net}. Blank or {@code null} gives {@code null}.
     */
    public static String normaliseDomain(String raw) {
        if (raw == null) {
            return null;
        }
        String domain = raw.trim();
        while (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        domain = domain.toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            return null;
        }
        return domain.contains(".") ? domain : domain + ".cloudonix.net";
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }
}
