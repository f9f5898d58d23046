package io.mgw.runtime.deployment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.runtime.deployment.InvalidDeploymentSpecException.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates the body of {@code PUT /internal/deployments/{id}}: a JSON {@link DeploymentSpec} whose
 * {@code deployment_id}, when present, equals the path's id; {@code workflow_type} {@code batch} (the default) or
 * {@code streaming}; {@code nodes} an array; {@code connections} an array (absent means none); {@code settings} an
 * object; limits positive integers. Unknown fields are ignored, as the contract's mapper does everywhere. Pure and
 * thread-safe.
 */
public final class DeploymentSpecReader {

    /** Deployment ids as they appear in paths and Redis keys. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Set<String> WORKFLOW_TYPES = Set.of("batch", "streaming");
    private static final String DEFAULT_WORKFLOW_TYPE = "batch";
    /** The contract's own mapper; a reader adds only the refusal of trailing content, never reconfigures it. */
    private static final ObjectReader READER = FrameJson.mapper().readerFor(DeploymentSpec.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Field names as the contract serialises them (its {@code @JsonNaming}), for messages; never re-declared here. */
    private static final PropertyNamingStrategies.NamingBase NAMES = namingOf(DeploymentSpec.class);

    private DeploymentSpecReader() {
    }

    /** Whether {@code id} is a well-formed deployment id ({@code [A-Za-z0-9_-]{1,128}}). */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * Parses {@code body} (not consumed: read from its reader index without moving it) as the spec of deployment
     * {@code pathId}.
     *
     * @return the spec, its {@code deploymentId} set to {@code pathId}, {@code workflowType} and {@code connections}
     *         defaulted when absent
     * @throws InvalidDeploymentSpecException naming the problem
     */
    public static DeploymentSpec read(String pathId, ByteBuf body) {
        if (!body.isReadable()) {
            throw invalid(Kind.MALFORMED_JSON, "the request body is empty; expected a JSON deployment spec");
        }
        DeploymentSpec spec;
        try (var in = new ByteBufInputStream(body.duplicate())) {
            // cast: ByteBufInputStream is also a DataInput, which Jackson reads differently
            spec = READER.readValue((InputStream) in);
        } catch (StreamReadException e) {
            throw invalid(Kind.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage() + location(e));
        } catch (JsonMappingException e) {
            // Jackson wraps a syntax error met inside a bound field (a JsonNode member) in a mapping exception
            if (e.getCause() instanceof StreamReadException syntax) {
                throw invalid(Kind.MALFORMED_JSON, "malformed JSON: " + syntax.getOriginalMessage() + location(syntax));
            }
            throw invalid(Kind.INVALID_FIELD, mappingProblem(e));
        } catch (JsonProcessingException e) {
            throw invalid(Kind.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (spec == null) {
            throw invalid(Kind.INVALID_FIELD, "the request body must be a JSON object, not null");
        }
        return validated(pathId, spec);
    }

    private static DeploymentSpec validated(String pathId, DeploymentSpec spec) {
        if (spec.deploymentId() != null && !spec.deploymentId().equals(pathId)) {
            throw invalid(Kind.INVALID_FIELD, name("deploymentId") + ": '" + abbreviate(spec.deploymentId())
                    + "' does not match '" + pathId + "' in the path");
        }
        String workflowType = spec.workflowType() == null ? DEFAULT_WORKFLOW_TYPE : spec.workflowType();
        if (!WORKFLOW_TYPES.contains(workflowType)) {
            throw invalid(Kind.INVALID_FIELD, name("workflowType") + ": '" + abbreviate(workflowType)
                    + "' is not one of " + WORKFLOW_TYPES.stream().sorted().collect(Collectors.joining(", ")));
        }
        if (spec.nodes() == null || !spec.nodes().isArray()) {
            throw invalid(Kind.INVALID_FIELD, name("nodes") + ": required, a JSON array of the graph's nodes");
        }
        JsonNode connections = spec.connections() == null || spec.connections().isNull()
                ? JsonNodeFactory.instance.arrayNode() : spec.connections();
        if (!connections.isArray()) {
            throw invalid(Kind.INVALID_FIELD, name("connections") + ": must be a JSON array of the graph's connections");
        }
        if (spec.settings() != null && !spec.settings().isNull() && !spec.settings().isObject()) {
            throw invalid(Kind.INVALID_FIELD, name("settings") + ": must be a JSON object");
        }
        DeploymentSpec.Limits limits = spec.limits();
        if (limits != null) {
            positive("maxConcurrentSessions", limits.maxConcurrentSessions());
            positive("idleTimeoutSeconds", limits.idleTimeoutSeconds());
            positive("maxSessionDurationSeconds", limits.maxSessionDurationSeconds());
        }
        return new DeploymentSpec(pathId, spec.organizationId(), spec.workflowId(), workflowType, spec.nodes(),
                connections, spec.settings(), limits);
    }

    private static void positive(String limit, Integer value) {
        if (value != null && value < 1) {
            throw invalid(Kind.INVALID_FIELD, name("limits") + "." + name(limit) + ": must be a positive integer, got " + value);
        }
    }

    /** {@code limits.max_concurrent_sessions: Cannot coerce String value ...}, or the body itself when no field is at fault. */
    private static String mappingProblem(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String problem = e.getOriginalMessage();
        return path.isEmpty() ? "the request body must be a JSON object: " + problem : path + ": " + problem;
    }

    private static String location(JacksonException e) {
        var at = e.getLocation();
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String name(String component) {
        return NAMES.translate(component);
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    private static InvalidDeploymentSpecException invalid(Kind kind, String message) {
        return new InvalidDeploymentSpecException(kind, message);
    }

    private static PropertyNamingStrategies.NamingBase namingOf(Class<?> type) {
        try {
            return (PropertyNamingStrategies.NamingBase) type.getAnnotation(JsonNaming.class).value()
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(type.getName() + " has no usable @JsonNaming", e);
        }
    }
}
