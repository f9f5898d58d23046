package io.mgw.adapters.provider.vonage;

import java.util.Map;

/**
 * Vonage Voice API WebSocket wire records: one text {@code websocket:connected} event, then binary
 * PCM16 audio both ways; control messages to Vonage are JSON {@code action}s.
 */
public final class VonageMessages {
    private VonageMessages() {
    }

    /** {@code {"event":"websocket:connected","content-type":"audio/l16;rate=16000", …headers}}. */
    public record VonageConnectedMessage(String contentType, Map<String, String> headers) {
    }

    /** {@code {"action":"notify","payload":{"name":"…"}}}: Vonage echoes the payload once playback reaches it. */
    public record NotifyAction(String action, NotifyPayload payload) {
        /** A notify action carrying a mark name. */
        public static NotifyAction of(String name) {
            return new NotifyAction("notify", new NotifyPayload(name));
        }
    }

    /** The payload of a notify action. */
    public record NotifyPayload(String name) {
    }

    /** {@code {"action":"clear"}}: drop queued audio. */
    public record ClearAction(String action) {
        /** The clear action. */
        public static final ClearAction INSTANCE = new ClearAction("clear");
    }

    /** Body of {@code PUT /v1/calls/{uuid}} for hangup: {@code {"action":"hangup"}}. */
    public record HangupAction(String action) {
        /** The hangup action. */
        public static final HangupAction INSTANCE = new HangupAction("hangup");
    }

    /** Body of {@code PUT /v1/calls/{uuid}/dtmf}: digits played into the call. */
    public record DtmfAction(String digits) {
    }

    /** Body of {@code PUT /v1/calls/{uuid}} for transfer to an inline NCCO. */
    public record TransferAction(String action, TransferDestination destination) {
        /** A transfer that connects the call to a phone number. */
        public static TransferAction toPhone(String number) {
            return new TransferAction("transfer", new TransferDestination("ncco",
                    java.util.List.of(new ConnectStep("connect", java.util.List.of(new PhoneEndpoint("phone", number))))));
        }
    }

    /** The transfer destination. */
    public record TransferDestination(String type, java.util.List<ConnectStep> ncco) {
    }

    /** An NCCO connect action. */
    public record ConnectStep(String action, java.util.List<PhoneEndpoint> endpoint) {
    }

    /** A phone endpoint. */
    public record PhoneEndpoint(String type, String number) {
    }
}
