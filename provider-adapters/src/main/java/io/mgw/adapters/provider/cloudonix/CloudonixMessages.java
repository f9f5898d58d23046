package io.mgw.adapters.provider.cloudonix;

import io.mgw.adapters.audio.AudioFormat;
import java.util.Map;

/**
 * Cloudonix wire records. Cloudonix copies Twilio's framing (outbound messages are the shared
 * Twilio-shaped records); its {@code start} adds {@code session} (the id its REST API takes),
 * {@code accountSid} = the Cloudonix domain, {@code from}, {@code to} and {@code context}.
 */
public final class CloudonixMessages {
    private CloudonixMessages() {
    }

    /** {@code start.start} of a Cloudonix stream. */
    public record CloudonixStartMessage(
            String streamSid,
            String callSid,
            String session,
            String domain,
            String from,
            String to,
            String context,
            String tracks,
            Map<String, String> customParameters,
            AudioFormat mediaFormat) {
    }

    /** Body of {@code POST /calls/{domain}/application}: dial a destination into a conference. */
    public record DialApplicationRequest(
            String destination,
            @com.fasterxml.jackson.annotation.JsonProperty("caller-id") String callerId,
            String cxml) {
    }

    /** Body of {@code POST /calls/{domain}/sessions/{session}/application}: new CXML for a live leg. */
    public record SessionApplicationRequest(String cxml) {
    }
}
