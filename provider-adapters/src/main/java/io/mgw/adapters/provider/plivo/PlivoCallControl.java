package io.mgw.adapters.provider.plivo;

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
 * Plivo's Call resource with HTTP Basic (auth id, auth token): live-call fetch to validate,
 * {@code DELETE} to hang up (204; 404 = already ended), {@code POST …/DTMF/} to play digits, and a
 * call update that points the A leg at new XML instructions to transfer (Plivo takes instructions by URL only, so a transfer needs
 * {@link TransferRequest#instructionsUrl()}).
 */
public final class PlivoCallControl implements ProviderCallControl {

    /** Public API endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.plivo.com";

    private final ProviderHttpClient http;

    /** A client on the shared HTTP client. */
    public PlivoCallControl(ProviderHttpClient http) {
        this.http = http;
    }

    @Override
    public ProviderId provider() {
        return PlivoCodec.ID;
    }

    @Override
    public CompletableFuture<CallControlResult> validateCall(CallInfo call, ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.get(URI.create(callUrl(call, credentials) + "?status=live"))
                .withBasic(credentials.accountId(), credentials.secret()), ProviderHttpClient::okIf2xx);
    }

    @Override
    public CompletableFuture<CallControlResult> hangup(CallInfo call, ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.delete(URI.create(callUrl(call, credentials)))
                        .withBasic(credentials.accountId(), credentials.secret()),
                response -> response.status() == 404
                        ? new CallControlResult.Ok(404)
                        : ProviderHttpClient.okIf2xx(response));
    }

    @Override
    public CompletableFuture<CallControlResult> transfer(CallInfo call, TransferRequest transfer,
            ProviderCredentials credentials) {
        if (transfer.instructionsUrl() == null || transfer.instructionsUrl().isBlank()) {
            return CompletableFuture.completedFuture(
                    new CallControlResult.Unsupported("Plivo transfers need an instructions URL"));
        }
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.json("POST", URI.create(callUrl(call, credentials)),
                        new PlivoMessages.TransferRequest("aleg", transfer.instructionsUrl(), "POST"), false)
                        .withBasic(credentials.accountId(), credentials.secret()),
                ProviderHttpClient::okIf2xx);
    }

    @Override
    public CompletableFuture<CallControlResult> sendDtmf(CallInfo call, String digits, Integer durationMs,
            ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.json("POST", URI.create(callUrl(call, credentials) + "DTMF/"),
                        new PlivoMessages.SendDigitsRequest(digits), false)
                        .withBasic(credentials.accountId(), credentials.secret()),
                ProviderHttpClient::okIf2xx);
    }

    private static String callUrl(CallInfo call, ProviderCredentials credentials) {
        return credentials.baseUrlOr(DEFAULT_BASE_URL) + "/v1/Account/" + segment(credentials.accountId())
                + "/Call/" + segment(call.callId()) + "/";
    }

    private static boolean invalid(CallInfo call, ProviderCredentials credentials) {
        return call.callId().isEmpty() || credentials.accountId() == null || credentials.secret() == null;
    }

    private static CompletableFuture<CallControlResult> missing() {
        return CompletableFuture.completedFuture(new CallControlResult.Failed(
                CallControlResult.Failure.INVALID_REQUEST, "call id, auth id and auth token are required"));
    }
}
