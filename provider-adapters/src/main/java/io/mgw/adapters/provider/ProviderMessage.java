package io.mgw.adapters.provider;

import java.util.Arrays;
import java.util.Objects;

/** One WebSocket message to send to the provider: text (JSON) or binary (raw audio). */
public sealed interface ProviderMessage permits ProviderMessage.Text, ProviderMessage.Binary {

    /** A text frame. */
    record Text(String text) implements ProviderMessage {
        /** Requires text. */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A binary frame; the array is owned by the message. */
    record Binary(byte[] data) implements ProviderMessage {
        /** Requires data. */
        public Binary {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Binary that && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Binary[" + data.length + " bytes]";
        }
    }
}
