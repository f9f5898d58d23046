package io.mgw.adapters.provider.exotel;

import static io.mgw.adapters.provider.ProviderHttpClient.segment;

import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.ProviderCallControl;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.ProviderHttpClient.Request;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.TransferRequest;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Exotel's Calls resource with HTTP Basic (API key, token): call details to validate. Exotel has
 * no hangup or transfer for a Voicebot leg: closing the media stream ends it and the flow moves
 * on, so those answer {@link CallControlResult.Unsupported} and the gateway closes the socket.
 */
public final class ExotelCallControl implements ProviderCallControl {

    /** Public API endpoint (regional: {@code https://api.in.exotel.com}). */
    public static final String DEFAULT_BASE_URL = "https://api.exotel.com";

    private final ProviderHttpClient http;

    /** A client on the shared HTTP client. */
    public ExotelCallControl(ProviderHttpClient http) {
        this.http = http;
    }

    @Override
    public ProviderId provider() {
        return ExotelCodec.ID;
    }

    @Override
    public CompletableFuture<CallControlResult> validateCall(CallInfo call, ProviderCredentials credentials) {
        String account = credentials.accountId() != null ? credentials.accountId() : call.accountId();
        if (account.isEmpty() || call.callId().isEmpty() || credentials.apiKey() == null
                || credentials.secret() == null) {
            return CompletableFuture.completedFuture(new CallControlResult.Failed(
                    CallControlResult.Failure.INVALID_REQUEST, "account SID, call SID, API key and token are required"));
        }
        URI uri = URI.create(credentials.baseUrlOr(DEFAULT_BASE_URL) + "/v1/Accounts/" + segment(account)
                + "/Calls/" + segment(call.callId()) + ".json");
        return http.send(Request.get(uri).withBasic(credentials.apiKey(), credentials.secret()),
                ProviderHttpClient::okIf2xx);
    }

    @Override
    public CompletableFuture<CallControlResult> hangup(CallInfo call, ProviderCredentials credentials) {
        return CompletableFuture.completedFuture(
                new CallControlResult.Unsupported("Exotel ends a Voicebot leg when its media stream closes"));
    }

    @Override
    public CompletableFuture<CallControlResult> transfer(CallInfo call, TransferRequest transfer,
            ProviderCredentials credentials) {
        return CompletableFuture.completedFuture(
                new CallControlResult.Unsupported("Exotel has no transfer for a Voicebot leg"));
    }
}
