package io.mgw.adapters.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mgw.adapters.frame.FrameJson;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One WebSocket message to send to the provider: text (JSON) or binary (raw audio). */
public sealed interface ProviderMessage permits ProviderMessage.Text, ProviderMessage.Binary {

    /** The text message the module's mapper writes for an outbound wire record. */
    static Text json(Object wireRecord) {
        try {
            return Text.ofUtf8(FrameJson.mapper().writeValueAsBytes(wireRecord));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A text frame, held in the form it was made in: a String, or its UTF-8 bytes when a codec wrote bytes (what the
     * socket sends, so the hot path never encodes). The other form is made on demand; equality is by text.
     */
    final class Text implements ProviderMessage {
        private String text;
        private byte[] utf8;

        /** A text message from a String. */
        public Text(String text) {
            this.text = Objects.requireNonNull(text, "text");
        }

        private Text(byte[] utf8) {
            this.utf8 = utf8;
        }

        /** A text message from valid UTF-8 bytes, which the message then owns. */
        public static Text ofUtf8(byte[] utf8) {
            return new Text(Objects.requireNonNull(utf8, "utf8"));
        }

        /** The text. */
        public String text() {
            if (text == null) {
                text = new String(utf8, StandardCharsets.UTF_8);
            }
            return text;
        }

        /** The text as UTF-8; the array is the message's and is given up when written. */
        public byte[] utf8() {
            if (utf8 == null) {
                utf8 = text.getBytes(StandardCharsets.UTF_8);
            }
            return utf8;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Text that && text().equals(that.text());
        }

        @Override
        public int hashCode() {
            return text().hashCode();
        }

        @Override
        public String toString() {
            return "Text[text=" + text() + "]";
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
