package io.mgw.adapters.provider;

import java.util.Objects;
import java.util.function.Function;

/**
 * A registered provider: its id, how to make a per-call codec, and its call-control client.
 *
 * @param id the registry name
 * @param codecFactory makes one codec per call
 * @param callControl the provider's REST client (stateless, shared)
 */
public record ProviderAdapter(ProviderId id, Function<CodecOptions, ProviderCodec> codecFactory,
        ProviderCallControl callControl) {

    /** Requires every part. */
    public ProviderAdapter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(codecFactory, "codecFactory");
        Objects.requireNonNull(callControl, "callControl");
    }

    /** A new codec for one call. */
    public ProviderCodec newCodec(CodecOptions options) {
        return codecFactory.apply(options);
    }

    /** A per-call REST handle (hangs up at most once). */
    public CallHandle callHandle(CallInfo call, ProviderCredentials credentials) {
        return new CallHandle(callControl, call, credentials);
    }
}
