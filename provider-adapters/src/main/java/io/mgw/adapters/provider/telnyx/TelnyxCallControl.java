package io.mgw.adapters.provider.telnyx;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Telnyx Call Control v2 with a bearer API key, addressed by {@code call_control_id}: retrieve the
 * call to validate, {@code actions/hangup} (422 with code 90018 = already ended, a success),
 * {@code actions/transfer}, {@code actions/send_dtmf}.
 */
public final class TelnyxCallControl implements ProviderCallControl {

    /** Public API endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.telnyx.com";

    private final ProviderHttpClient http;

    /** A client on the shared HTTP client. */
    public TelnyxCallControl(ProviderHttpClient http) {
        this.http = http;
    }

    @Override
    public ProviderId provider() {
        return TelnyxCodec.ID;
    }

    @Override
    public CompletableFuture<CallControlResult> validateCall(CallInfo call, ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.get(callUri(call, credentials, "")).withBearer(credentials.apiKey()),
                ProviderHttpClient::okIf2xx);
    }

    @Override
    public CompletableFuture<CallControlResult> hangup(CallInfo call, ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.json("POST", callUri(call, credentials, "/actions/hangup"), Map.of(), true)
                        .withBearer(credentials.apiKey()),
                response -> response.status() == 422 && response.body() != null && response.body().contains("90018")
                        ? new CallControlResult.Ok(422)
                        : ProviderHttpClient.okIf2xx(response));
    }

    @Override
    public CompletableFuture<CallControlResult> transfer(CallInfo call, TransferRequest transfer,
            ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.json("POST", callUri(call, credentials, "/actions/transfer"),
                        new TelnyxMessages.TelnyxTransferRequest(transfer.to(), transfer.callerId()), false)
                        .withBearer(credentials.apiKey()),
                ProviderHttpClient::okIf2xx);
    }

    @Override
    public CompletableFuture<CallControlResult> sendDtmf(CallInfo call, String digits, Integer durationMs,
            ProviderCredentials credentials) {
        if (invalid(call, credentials)) {
            return missing();
        }
        return http.send(Request.json("POST", callUri(call, credentials, "/actions/send_dtmf"),
                        new TelnyxMessages.TelnyxSendDtmfRequest(digits, durationMs), false)
                        .withBearer(credentials.apiKey()),
                ProviderHttpClient::okIf2xx);
    }

    private static URI callUri(CallInfo call, ProviderCredentials credentials, String suffix) {
        return URI.create(credentials.baseUrlOr(DEFAULT_BASE_URL) + "/v2/calls/" + segment(call.callId()) + suffix);
    }

    private static boolean invalid(CallInfo call, ProviderCredentials credentials) {
        return call.callId().isEmpty() || credentials.apiKey() == null || credentials.apiKey().isBlank();
    }

    private static CompletableFuture<CallControlResult> missing() {
        return CompletableFuture.completedFuture(new CallControlResult.Failed(
                CallControlResult.Failure.INVALID_REQUEST, "call_control_id and API key are required"));
    }
}
