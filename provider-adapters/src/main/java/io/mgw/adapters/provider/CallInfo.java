package io.mgw.adapters.provider;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.StartFrame;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider's handshake says about the call.
 *
 * @param provider the provider
 * @param streamId the media stream's id (Twilio {@code streamSid}, Telnyx {@code stream_id}, ...)
 * @param callId the id the provider's REST API takes for this call (Cloudonix: the session token,
 *     not the call SID); empty when the provider did not announce one
 * @param accountId the provider account the call belongs to (Twilio account SID, Cloudonix domain
 *     normalised, ...); empty when unknown
 * @param from caller number or URI, or {@code null}
 * @param to called number or URI, or {@code null}
 * @param direction {@code inbound} or {@code outbound}
 * @param media the provider's audio format on this stream
 * @param customParameters the provider's custom parameters, as sent
 * @param attributes other provider-specific facts (e.g. {@code call_sid}, {@code tracks})
 */
public record CallInfo(
        ProviderId provider,
        String streamId,
        String callId,
        String accountId,
        String from,
        String to,
        String direction,
        AudioFormat media,
        Map<String, String> customParameters,
        Map<String, String> attributes) {

    /** Validates required parts and copies the maps. */
    public CallInfo {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(media, "media");
        streamId = streamId == null ? "" : streamId;
        callId = callId == null ? "" : callId;
        accountId = accountId == null ? "" : accountId;
        direction = direction == null ? "inbound" : direction;
        customParameters = customParameters == null ? Map.of() : Map.copyOf(customParameters);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The canonical start frame for the pod (audio in the pod's format). */
    public StartFrame toStartFrame(String sessionId, AudioFormat podFormat, int frameMs) {
        return new StartFrame(sessionId,
                new StartFrame.Call(provider.name(), callId, streamId, from, to, direction, customParameters),
                new StartFrame.Audio(podFormat.encoding(), podFormat.sampleRate(), podFormat.channels(), frameMs));
    }
}
