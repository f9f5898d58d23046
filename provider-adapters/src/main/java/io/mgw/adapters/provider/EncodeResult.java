package io.mgw.adapters.provider;

import java.util.List;
import java.util.Objects;

/** What to do with one canonical frame on the provider's socket. */
public sealed interface EncodeResult permits EncodeResult.Send, EncodeResult.NotForProvider, EncodeResult.Unsupported {

    /** Send these messages, in order, paced by the gateway (each audio message is one frame duration). */
    record Send(List<ProviderMessage> messages) implements EncodeResult {
        /** Copies messages. */
        public Send {
            messages = List.copyOf(messages);
        }
    }

    /**
     * The frame does not travel on the provider's socket: hangup and transfer go through
     * {@link ProviderCallControl}, transcripts and events stay with the gateway.
     */
    record NotForProvider() implements EncodeResult {
    }

    /** The provider has no way to carry this frame (or the stream has not started). */
    record Unsupported(String reason) implements EncodeResult {
        /** Requires a reason. */
        public Unsupported {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A send of the given messages. */
    static EncodeResult send(List<ProviderMessage> messages) {
        return new Send(messages);
    }
}
