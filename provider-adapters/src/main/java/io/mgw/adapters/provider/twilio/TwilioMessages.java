package io.mgw.adapters.provider.twilio;

import io.mgw.adapters.audio.AudioFormat;
import java.util.Map;

/**
 * Twilio Media Streams wire records. Outbound messages are the shared Twilio-shaped records of
 * {@code twiliostyle}; this class holds the inbound {@code start} as Twilio sends it.
 */
public final class TwilioMessages {
    private TwilioMessages() {
    }

    /**
     * {@code start.start} of a Twilio stream: {@code streamSid}, {@code accountSid}, {@code callSid},
     * {@code tracks}, {@code customParameters}, {@code mediaFormat}.
     */
    public record TwilioStartMessage(
            String streamSid,
            String accountSid,
            String callSid,
            String tracks,
            Map<String, String> customParameters,
            AudioFormat mediaFormat) {
    }
}
