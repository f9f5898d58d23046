package io.mgw.adapters.provider;

import java.util.concurrent.CompletableFuture;

/**
 * A provider's REST API for one call: validate it, hang up, transfer. Asynchronous (JDK
 * HttpClient), with timeouts; credentials and base URL come with every call. The futures always
 * complete normally with a {@link CallControlResult}. Stateless and thread-safe; use
 * {@link CallHandle} to hang up at most once per call.
 */
public interface ProviderCallControl {

    /** The provider. */
    ProviderId provider();

    /** Checks with the provider that the call from the handshake exists and is live. */
    CompletableFuture<CallControlResult> validateCall(CallInfo call, ProviderCredentials credentials);

    /** Ends the call; an already-ended call counts as success. */
    CompletableFuture<CallControlResult> hangup(CallInfo call, ProviderCredentials credentials);

    /** Transfers the call. */
    CompletableFuture<CallControlResult> transfer(CallInfo call, TransferRequest transfer, ProviderCredentials credentials);

    /**
     * Plays keypad digits to the caller through the provider's REST API (media streams carry no DTMF toward the
     * caller). {@code durationMs} may be null. By default the provider has no such API.
     */
    default CompletableFuture<CallControlResult> sendDtmf(CallInfo call, String digits, Integer durationMs,
            ProviderCredentials credentials) {
        return CompletableFuture.completedFuture(
                new CallControlResult.Unsupported(provider() + " has no API to play DTMF to the caller"));
    }
}
