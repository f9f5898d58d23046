package io.mgw.adapters.provider;

/**
 * Credentials and API endpoint for one provider account, passed per call (never stored in a
 * codec). {@code apiBaseUrl} may point at a regional endpoint or a test server; {@code null} uses
 * the provider's public default. Which fields a provider reads:
 * <ul>
 *   <li>twilio: {@code accountId} = account SID, {@code secret} = auth token ({@code apiKey}, when
 *       set, is an API key SID used as the Basic user instead of the account SID)
 *   <li>cloudonix, telnyx: {@code apiKey} = bearer token / API key
 *   <li>plivo: {@code accountId} = auth id, {@code secret} = auth token
 *   <li>vonage: {@code accountId} = application id, {@code secret} = the application's private key (PKCS#8 PEM)
 *   <li>exotel: {@code accountId} = account SID, {@code apiKey} and {@code secret} = API key and token
 * </ul>
 * {@link #toString()} never shows secrets.
 */
public record ProviderCredentials(String apiBaseUrl, String accountId, String apiKey, String secret) {

    /** Bearer-token credentials (Cloudonix, Telnyx). */
    public static ProviderCredentials bearer(String apiBaseUrl, String token) {
        return new ProviderCredentials(apiBaseUrl, null, token, null);
    }

    /** Account plus secret credentials (Twilio, Plivo, Vonage). */
    public static ProviderCredentials account(String apiBaseUrl, String accountId, String secret) {
        return new ProviderCredentials(apiBaseUrl, accountId, null, secret);
    }

    /** The base URL without a trailing slash, or {@code fallback}. */
    public String baseUrlOr(String fallback) {
        String base = apiBaseUrl == null || apiBaseUrl.isBlank() ? fallback : apiBaseUrl.trim();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public String toString() {
        return "ProviderCredentials[apiBaseUrl=" + apiBaseUrl + ", accountId=" + accountId
                + ", apiKey=" + (apiKey == null ? "null" : "***") + ", secret=" + (secret == null ? "null" : "***") + "]";
    }
}
