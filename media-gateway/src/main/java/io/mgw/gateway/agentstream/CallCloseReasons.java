package io.mgw.gateway.agentstream;

import io.mgw.adapters.provider.ProviderId;

/**
 * The close reasons an agent-stream refusal sends, worded as the API document's product words them
 * ({@code ../shared/reference/providers.md}, "Close codes, as the code actually behaves"), so that a dialer's logs read
 * the same whichever of the two it points at (the fixed ones are {@code CloseCode}'s own). The codec's handshake reasons ({@code Expected connected event},
 * {@code Missing stream identifiers}, ...) pass through unchanged. A reason may name what the provider sent (a provider
 * name, a domain) but never a credential or the URL.
 */
final class CallCloseReasons {

    static final String EXPECTED_START = "Expected start event";
    /** A refusal caused inside the platform (a lookup or the admission failed), as the document's product says it. */
    static final String SERVER_ERROR = "Internal server error";

    private CallCloseReasons() {
    }

    /** A registered provider that cannot take agent-stream calls (no call validation). */
    static String unsupported(ProviderId provider) {
        return "Agent-stream not supported for provider " + provider.name();
    }

    /** No configuration of the organization for the account the call names. */
    static String unknownAccount(ProviderId provider, String identifier) {
        return isCloudonix(provider) ? "Unknown Cloudonix domain: " + identifier
                : "Unknown " + label(provider) + " account: " + identifier;
    }

    /** The call names no account and the organization has no single configuration for the provider. */
    static String noConfiguration(ProviderId provider) {
        return "No " + label(provider) + " configuration for this agent";
    }

    /** The configuration holds no credential to validate the call with. */
    static String missingCredentials(ProviderId provider) {
        return isCloudonix(provider) ? "Cloudonix configuration missing bearer_token"
                : label(provider) + " configuration missing credentials";
    }

    /** The provider's API answered that the call is not one it knows (or not with these credentials). */
    static String validationFailed(ProviderId provider) {
        return isCloudonix(provider) ? "Cloudonix session validation failed"
                : label(provider) + " call validation failed";
    }

    /** The provider's API failed (5xx, 429), timed out or could not be reached: not the call's fault. */
    static String apiUnavailable(ProviderId provider) {
        return label(provider) + " API unavailable";
    }

    private static boolean isCloudonix(ProviderId provider) {
        return provider.name().equals("cloudonix");
    }

    /** {@code cloudonix} -> {@code Cloudonix}. */
    private static String label(ProviderId provider) {
        String name = provider.name();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
