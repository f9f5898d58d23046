package io.mgw.runtime.internal;

import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.runtime.deployment.DeploymentSpecReader;
import io.mgw.runtime.deployment.DeploymentStore;
import io.mgw.runtime.deployment.InvalidDeploymentSpecException;
import io.mgw.runtime.registry.PodRegistry;
import io.mgw.service.HttpEndpoint;
import io.mgw.service.JsonResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's internal deployment API (frames.md, pod endpoints), used by control plane's local driver; every
 * route requires {@link InternalApi#SERVICE_TOKEN_HEADER}:
 * <ul>
 *   <li>{@code PUT /internal/deployments/{id}}: host a {@link DeploymentSpec} and register the pod for it in Redis;
 *       201 the first time, 200 after (idempotent), {@code {"deployment_id","status":"ready"}}; 503 when Redis did
 *       not take the registration (the definition is kept, the heartbeat registers it once Redis is back);</li>
 *   <li>{@code DELETE /internal/deployments/{id}}: stop hosting, 204, or 404 when not hosted;</li>
 *   <li>{@code GET /internal/deployments/{id}}: the hosted spec; {@code GET /internal/deployments}: the hosted ids.</li>
 * </ul>
 * Checks in DESIGN's order: 401 token, 405 method, 400 id, 400 body, 404. Runs on the event loop; Redis work is
 * the registry's, and the answer waits for it with reading paused, so responses keep request order.
 */
public final class DeploymentsEndpoint implements HttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(DeploymentsEndpoint.class);
    private static final String ITEM_PREFIX = InternalApi.runtimeDeploymentPath("");
    private static final String COLLECTION = ITEM_PREFIX.substring(0, ITEM_PREFIX.length() - 1);
    private static final String COLLECTION_METHODS = "GET";
    private static final String ITEM_METHODS = "GET, PUT, DELETE";

    private final ServiceToken serviceToken;
    private final DeploymentStore store;
    private final PodRegistry registry;

    public DeploymentsEndpoint(ServiceToken serviceToken, DeploymentStore store, PodRegistry registry) {
        this.serviceToken = serviceToken;
        this.store = store;
        this.registry = registry;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(COLLECTION) || path.startsWith(ITEM_PREFIX);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!serviceToken.accepts(request.headers().get(InternalApi.SERVICE_TOKEN_HEADER))) {
            respond(ctx, error(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "missing or wrong " + InternalApi.SERVICE_TOKEN_HEADER + " header"));
            return;
        }
        HttpMethod method = request.method();
        if (path.equals(COLLECTION)) {
            if (HttpMethod.GET.equals(method)) {
                respond(ctx, JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, DeploymentList.of(store.ids())));
            } else {
                methodNotAllowed(ctx, method, COLLECTION_METHODS);
            }
            return;
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.PUT.equals(method) && !HttpMethod.DELETE.equals(method)) {
            methodNotAllowed(ctx, method, ITEM_METHODS);
            return;
        }
        String deploymentId = path.substring(ITEM_PREFIX.length());
        if (!DeploymentSpecReader.isValidId(deploymentId)) {
            respond(ctx, error(ctx, HttpResponseStatus.BAD_REQUEST, "invalid_deployment_id",
                    "a deployment id is 1-128 letters, digits, '_' or '-'"));
        } else if (HttpMethod.PUT.equals(method)) {
            put(ctx, request, deploymentId);
        } else if (HttpMethod.DELETE.equals(method)) {
            delete(ctx, deploymentId);
        } else {
            respond(ctx, store.get(deploymentId)
                    .map(spec -> JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, spec))
                    .orElseGet(() -> notHosted(ctx, deploymentId)));
        }
    }

    private void put(ChannelHandlerContext ctx, FullHttpRequest request, String deploymentId) {
        DeploymentSpec spec;
        try {
            spec = DeploymentSpecReader.read(deploymentId, request.content());
        } catch (InvalidDeploymentSpecException e) {
            String code = e.kind() == InvalidDeploymentSpecException.Kind.MALFORMED_JSON ? "malformed_json" : "invalid_field";
            respond(ctx, error(ctx, HttpResponseStatus.BAD_REQUEST, code, e.getMessage()));
            return;
        }
        boolean created = store.put(spec);
        log.info("{} deployment {} ({}, {} nodes)", created ? "hosting" : "redefined", deploymentId, spec.workflowType(),
                spec.nodes().size());
        respondWhenDone(ctx, registry.deploymentAdded(deploymentId), error -> error == null
                ? JsonResponses.json(ctx.alloc(), created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                        DeploymentStatus.ready(deploymentId))
                : error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "registry_unavailable", "deployment " + deploymentId
                        + " is stored but not registered in Redis (" + cause(error).getMessage()
                        + "); the pod registers it once Redis answers, or PUT again"));
    }

    private void delete(ChannelHandlerContext ctx, String deploymentId) {
        if (!store.remove(deploymentId)) {
            respond(ctx, notHosted(ctx, deploymentId));
            return;
        }
        log.info("dropped deployment {}", deploymentId);
        // The pod no longer serves it whatever Redis says; a removal Redis missed is retried with every heartbeat.
        respondWhenDone(ctx, registry.deploymentRemoved(deploymentId), error -> {
            if (error != null) {
                log.debug("deployment {} dropped; its registry entry is removed once Redis answers: {}", deploymentId,
                        cause(error).toString());
            }
            return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
        });
    }

    /** Answers once {@code write} completes (on a Lettuce thread), back on the channel's event loop. */
    private static void respondWhenDone(ChannelHandlerContext ctx, CompletableFuture<Void> write,
                                        Function<Throwable, FullHttpResponse> answer) {
        ctx.channel().config().setAutoRead(false);
        write.whenComplete((ignored, error) -> ctx.executor().execute(() -> {
            respond(ctx, answer.apply(error));
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private static void methodNotAllowed(ChannelHandlerContext ctx, HttpMethod method, String allowed) {
        FullHttpResponse response = error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                method + " is not allowed here; use " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        respond(ctx, response);
    }

    private static FullHttpResponse notHosted(ChannelHandlerContext ctx, String deploymentId) {
        return error(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "deployment " + deploymentId + " is not hosted here");
    }

    private static FullHttpResponse error(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        return JsonResponses.error(ctx.alloc(), status, code, message);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
