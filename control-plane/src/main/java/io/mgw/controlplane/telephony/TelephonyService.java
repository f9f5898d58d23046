package io.mgw.controlplane.telephony;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mgw.adapters.contract.Ids;
import io.mgw.adapters.contract.TelephonyRoute;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.ProviderRegistry;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.Scope;
import io.mgw.controlplane.common.ListPage;
import io.mgw.controlplane.common.PageRequest;
import io.mgw.controlplane.error.ApiException;
import io.mgw.controlplane.telephony.TelephonyViews.ConfigurationRequest;
import io.mgw.controlplane.telephony.TelephonyViews.ConfigurationView;
import io.mgw.controlplane.telephony.TelephonyViews.SealedCredentials;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Telephony configurations per organization: provider, identifier, sealed credentials, optional API host. */
@Singleton
public class TelephonyService {

    /** Accepted spellings of each credential field. */
    private static final Map<String, List<String>> CREDENTIAL_ALIASES = Map.of(
            "account_id", List.of("account_id", "account_sid", "auth_id", "application_id"),
            "api_key", List.of("api_key", "bearer_token", "token", "api_token"),
            "secret", List.of("secret", "auth_token", "api_secret", "private_key"));
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,252}");
    private static final int MAX_CREDENTIAL_CHARS = 8192;
    private static final int DEFAULT_LIMIT = 50;

    private final TelephonyConfigurationRepository configurations;
    private final CredentialCipher cipher;
    private final ObjectMapper json;
    private final Set<String> providers;
    private final Clock clock;

    public TelephonyService(TelephonyConfigurationRepository configurations, CredentialCipher cipher,
                            ObjectMapper json, Clock clock) {
        this.configurations = configurations;
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
        this.providers = ProviderRegistry.withDefaults(ProviderHttpClient.createDefault()).names();
    }

    @Transactional
    public ConfigurationView create(Caller caller, @Nullable ConfigurationRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        String provider = provider(request.provider());
        String identifier = identifier(provider, request.identifier());
        SealedCredentials credentials = credentials(request.credentials(), true);
        String baseUrl = baseUrl(request.apiBaseUrl());
        String name = name(request.name());
        caller.requireScope(Scope.TELEPHONY_WRITE);
        if (configurations.findByOrganizationIdAndProviderAndIdentifier(caller.organizationId(), provider, identifier)
                .isPresent()) {
            throw ApiException.conflict("a " + provider + " configuration for " + identifier + " already exists");
        }
        Instant now = clock.instant();
        String sealed = write(credentials);
        TelephonyConfiguration saved = configurations.save(new TelephonyConfiguration(Ids.newId("tc"),
                caller.organizationId(), provider, identifier, name, cipher.encrypt(sealed), cipher.keyId(),
                hint(credentials), baseUrl, caller.userId(), now, now));
        return view(saved);
    }

    public ListPage<ConfigurationView> list(Caller caller, @Nullable String limit, @Nullable String offset) {
        PageRequest page = PageRequest.of(limit, offset, DEFAULT_LIMIT);
        caller.requireScope(Scope.TELEPHONY_READ);
        return ListPage.of(configurations.countByOrganizationId(caller.organizationId()), page,
                configurations.page(caller.organizationId(), page.limit(), page.offset()).stream().map(this::view)
                        .toList());
    }

    public ConfigurationView get(Caller caller, String id) {
        return view(find(caller, id, Scope.TELEPHONY_READ));
    }

    @Transactional
    public ConfigurationView update(Caller caller, String id, @Nullable ConfigurationRequest request) {
        requireWellFormed(id);
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        if (request.provider() != null) {
            throw ApiException.invalidField("provider", "provider cannot change; create another configuration");
        }
        SealedCredentials credentials = request.credentials() == null ? null : credentials(request.credentials(), true);
        String baseUrl = request.apiBaseUrl() == null ? null : baseUrl(request.apiBaseUrl());
        String name = request.name() == null ? null : name(request.name());
        TelephonyConfiguration current = find(caller, id, Scope.TELEPHONY_WRITE);
        String identifier = request.identifier() == null ? current.identifier()
                : identifier(current.provider(), request.identifier());
        if (!identifier.equals(current.identifier()) && configurations.findByOrganizationIdAndProviderAndIdentifier(
                current.organizationId(), current.provider(), identifier).isPresent()) {
            throw ApiException.conflict("a " + current.provider() + " configuration for " + identifier + " already exists");
        }
        TelephonyConfiguration updated = new TelephonyConfiguration(current.id(), current.organizationId(),
                current.provider(), identifier, name != null ? name : current.name(),
                credentials != null ? cipher.encrypt(write(credentials)) : current.credentialsCiphertext(),
                credentials != null ? cipher.keyId() : current.credentialsKeyId(),
                credentials != null ? hint(credentials) : current.credentialsHint(),
                baseUrl != null ? baseUrl : current.apiBaseUrl(), current.createdBy(), current.createdAt(),
                clock.instant());
        return view(configurations.update(updated));
    }

    @Transactional
    public void delete(Caller caller, String id) {
        configurations.delete(find(caller, id, Scope.TELEPHONY_WRITE));
    }

    /**
     * The configuration a call's identifiers select, credentials decrypted: within the organization when known,
     * otherwise the single one across organizations (ambiguous matches select nothing).
     */
    public Optional<TelephonyRoute> route(@Nullable String organizationId, String provider, String identifier) {
        String normalized;
        try {
            normalized = identifier(provider, identifier);
        } catch (ApiException e) {
            return Optional.empty();
        }
        List<TelephonyConfiguration> matches = organizationId == null
                ? configurations.findByProviderAndIdentifier(provider, normalized)
                : configurations.findByOrganizationIdAndProviderAndIdentifier(organizationId, provider, normalized)
                        .map(List::of).orElse(List.of());
        return single(matches);
    }

    /** The organization's only configuration for the provider, credentials decrypted; empty when none or several. */
    public Optional<TelephonyRoute> onlyRoute(String organizationId, String provider) {
        return single(configurations.findByOrganizationIdAndProvider(organizationId, provider));
    }

    private Optional<TelephonyRoute> single(List<TelephonyConfiguration> matches) {
        if (matches.size() != 1) {
            return Optional.empty();
        }
        TelephonyConfiguration c = matches.get(0);
        SealedCredentials credentials = read(cipher.decrypt(c.credentialsCiphertext(), c.credentialsKeyId()));
        return Optional.of(new TelephonyRoute(c.id(), c.organizationId(), c.provider(), c.identifier(), c.apiBaseUrl(),
                credentials.accountId(), credentials.apiKey(), credentials.secret()));
    }

    private TelephonyConfiguration find(Caller caller, String id, Scope scope) {
        requireWellFormed(id);
        caller.requireScope(scope);
        return configurations.findByIdAndOrganizationId(id, caller.organizationId())
                .orElseThrow(() -> ApiException.notFound("telephony configuration", id));
    }

    private ConfigurationView view(TelephonyConfiguration c) {
        Map<String, String> hints = new LinkedHashMap<>();
        if (c.credentialsHint() != null) {
            for (String part : c.credentialsHint().split(",")) {
                int colon = part.indexOf('=');
                if (colon > 0) {
                    hints.put(part.substring(0, colon), part.substring(colon + 1));
                }
            }
        }
        return new ConfigurationView(c.id(), c.organizationId(), c.provider(), c.identifier(), c.name(), hints,
                c.apiBaseUrl(), c.createdBy(), c.createdAt(), c.updatedAt());
    }

    private String provider(@Nullable String provider) {
        String normalized = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
        if (!providers.contains(normalized)) {
            throw ApiException.invalidField("provider", "provider must be one of " + String.join(", ",
                    providers.stream().sorted().toList()));
        }
        return normalized;
    }

    /** Normalizes the identifier the provider will send; Cloudonix short domain names get {@code .cloudonix.net}. */
    static String identifier(String provider, @Nullable String identifier) {
        String trimmed = identifier == null ? "" : identifier.trim();
        if (!IDENTIFIER.matcher(trimmed).matches()) {
            throw ApiException.invalidField("identifier", "identifier is required: the provider account (Cloudonix"
                    + " domain, Twilio account SID, ...), letters, digits and . _ : @ -");
        }
        if (provider.equals("cloudonix")) {
            String domain = trimmed.toLowerCase(Locale.ROOT);
            return domain.contains(".") ? domain : domain + ".cloudonix.net";
        }
        return trimmed;
    }

    private static SealedCredentials credentials(@Nullable JsonNode value, boolean required) {
        if (value == null || !value.isObject()) {
            throw ApiException.invalidField("credentials", "credentials must be an object such as {\"api_key\": \"...\"}");
        }
        if (value.toString().length() > MAX_CREDENTIAL_CHARS) {
            throw ApiException.invalidField("credentials", "credentials are too large");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        var names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String canonical = CREDENTIAL_ALIASES.entrySet().stream().filter(e -> e.getValue().contains(name))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> ApiException.invalidField("credentials",
                            "credentials." + name + " is not a known field; use account_id, api_key (bearer_token) or"
                                    + " secret (auth_token)"));
            JsonNode field = value.get(name);
            if (!field.isTextual() || field.asText().isBlank()) {
                throw ApiException.invalidField("credentials", "credentials." + name + " must be a non-empty string");
            }
            if (fields.put(canonical, field.asText()) != null) {
                throw ApiException.invalidField("credentials", "credentials give " + canonical + " twice");
            }
        }
        if (required && fields.isEmpty()) {
            throw ApiException.invalidField("credentials", "credentials must hold at least one of account_id, api_key, secret");
        }
        return new SealedCredentials(fields.get("account_id"), fields.get("api_key"), fields.get("secret"));
    }

    @Nullable
    private static String baseUrl(@Nullable String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException();
            }
            return url.trim().replaceAll("/+$", "");
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("api_base_url", "api_base_url must be an http(s) URL without query or user info");
        }
    }

    @Nullable
    private static String name(@Nullable String name) {
        if (name != null && name.length() > 200) {
            throw ApiException.invalidField("name", "name must be at most 200 characters");
        }
        return name;
    }

    /** {@code api_key=****abcd,secret=****wxyz}: enough to tell keys apart, never enough to use one. */
    private static String hint(SealedCredentials credentials) {
        StringBuilder hint = new StringBuilder();
        append(hint, "account_id", credentials.accountId(), false);
        append(hint, "api_key", credentials.apiKey(), true);
        append(hint, "secret", credentials.secret(), true);
        return hint.toString();
    }

    private static void append(StringBuilder hint, String field, @Nullable String value, boolean mask) {
        if (value == null) {
            return;
        }
        if (!hint.isEmpty()) {
            hint.append(',');
        }
        String shown = mask ? "****" + (value.length() >= 12 ? value.substring(value.length() - 4) : "") : value;
        hint.append(field).append('=').append(shown.replace(",", "").replace("=", ""));
    }

    private String write(SealedCredentials credentials) {
        try {
            return json.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SealedCredentials read(String plaintext) {
        try {
            return json.readValue(plaintext, SealedCredentials.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored credentials are not readable", e);
        }
    }

    private static void requireWellFormed(String id) {
        if (!Ids.wellFormed(id)) {
            throw ApiException.invalidField("id", "not a valid telephony configuration id");
        }
    }
}
