package io.mgw.adapters.provider;

import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.frame.Frame;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One call's translator between a provider's media-stream messages and canonical frames.
 *
 * <p>Created per call by {@link ProviderRegistry}; holds the call's handshake state, audio
 * converters and outstanding marks. No I/O, no credentials. Not thread-safe: call it from the
 * connection's event loop only. Decoding never throws; every refusal is a
 * {@link DecodeResult.Rejected}.
 */
public interface ProviderCodec {

    /** The provider this codec speaks. */
    ProviderId provider();

    /** Decodes one text message from the provider. */
    DecodeResult decodeText(String message);

    /** Decodes one text message as the socket delivers it, valid UTF-8; by default as a String. */
    default DecodeResult decodeText(byte[] utf8, int offset, int length) {
        return decodeText(new String(utf8, offset, length, StandardCharsets.UTF_8));
    }

    /** Decodes one binary message from the provider (audio for Vonage-style streams). */
    DecodeResult decodeBinary(byte[] data, int offset, int length);

    /** Turns one canonical frame from the pod into provider messages. */
    EncodeResult encode(Frame frame);

    /** The call, once the handshake has completed. */
    Optional<CallInfo> call();

    /** The provider's audio format, once known. */
    default Optional<AudioFormat> providerFormat() {
        return call().map(CallInfo::media);
    }

    /** Names of marks sent to the provider and not yet reported played or cleared. */
    java.util.Set<String> outstandingMarks();
}
