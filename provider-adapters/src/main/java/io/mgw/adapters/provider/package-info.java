/**
 * Provider adapters behind one SPI: {@link io.mgw.adapters.provider.ProviderCodec} (media-stream
 * messages to canonical frames and back) and {@link io.mgw.adapters.provider.ProviderCallControl}
 * (the provider's REST API), registered in {@link io.mgw.adapters.provider.ProviderRegistry}.
 *
 * <p><b>Codec state.</b> A codec is a per-call stateful object made by the registry
 * ({@code registry.newCodec(name, options)}), not a pure function plus a state record. It holds
 * exactly the call's protocol state: the handshake step (so media before {@code start} is a typed
 * error), the {@link io.mgw.adapters.provider.CallInfo} once started, the audio converters (the
 * resamplers need the previous samples), the outbound rechunker, the outstanding marks, and
 * reusable scratch buffers for the media fast path. Keeping them together means the gateway holds
 * one object per call and cannot pair the wrong state with a codec. A codec is confined to the
 * connection's event loop (not thread-safe) and does no I/O and holds no credentials.
 *
 * <p><b>Call control.</b> Stateless clients on the shared {@link io.mgw.adapters.provider.ProviderHttpClient},
 * credentials and base URL passed per call in {@link io.mgw.adapters.provider.ProviderCredentials};
 * {@link io.mgw.adapters.provider.CallHandle} is the per-call guard that sends a hangup at most once.
 *
 * <p><b>Adding a provider:</b> a package {@code provider/<name>/} with {@code <P>Codec},
 * {@code <P>Messages} and {@code <P>CallControl}, plus one line in
 * {@link io.mgw.adapters.provider.ProviderRegistry#withDefaults}. Twilio-style providers extend
 * {@link io.mgw.adapters.provider.twiliostyle.TwilioStyleCodec}.
 */
package io.mgw.adapters.provider;
