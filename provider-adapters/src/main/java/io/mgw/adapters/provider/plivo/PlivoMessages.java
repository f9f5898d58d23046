package io.mgw.adapters.provider.plivo;

import io.mgw.adapters.audio.AudioFormat;

/** Plivo audio-stream wire records (camelCase; {@code streamId}; no {@code connected} event). */
public final class PlivoMessages {
    private PlivoMessages() {
    }

    /** The inbound {@code start}: {@code start.callId}, {@code start.streamId}, {@code start.accountId}. */
    public record PlivoStartMessage(String streamId, String callId, String accountId, String tracks,
            AudioFormat mediaFormat) {
    }

    /** {@code {"event":"playAudio","streamId":"…","media":{"contentType":…,"sampleRate":…,"payload":…}}}. */
    public record PlayAudioMessage(String event, String streamId, PlayAudioMedia media) {
        /** A playAudio message. */
        public static PlayAudioMessage of(String streamId, String contentType, int sampleRate, byte[] audio) {
            return new PlayAudioMessage("playAudio", streamId, new PlayAudioMedia(contentType, sampleRate, audio));
        }
    }

    /** The media object of playAudio; {@code payload} is written as base64. */
    public record PlayAudioMedia(String contentType, int sampleRate, byte[] payload) {
    }

    /** {@code {"event":"checkpoint","streamId":"…","name":"…"}}: Plivo answers {@code playedStream}. */
    public record CheckpointMessage(String event, String streamId, String name) {
        /** A checkpoint message. */
        public static CheckpointMessage of(String streamId, String name) {
            return new CheckpointMessage("checkpoint", streamId, name);
        }
    }

    /** {@code {"event":"clearAudio","streamId":"…"}}: Plivo answers {@code clearedAudio}. */
    public record ClearAudioMessage(String event, String streamId) {
        /** A clearAudio message. */
        public static ClearAudioMessage of(String streamId) {
            return new ClearAudioMessage("clearAudio", streamId);
        }
    }

    /** Body of {@code POST …/Call/{id}/DTMF/}: digits played on the call. */
    public record SendDigitsRequest(String digits) {
    }

    /** Body of the transfer call update: move the A leg to new XML instructions. */
    public record TransferRequest(String legs, @com.fasterxml.jackson.annotation.JsonProperty("aleg_url") String alegUrl,
            @com.fasterxml.jackson.annotation.JsonProperty("aleg_method") String alegMethod) {
    }
}
