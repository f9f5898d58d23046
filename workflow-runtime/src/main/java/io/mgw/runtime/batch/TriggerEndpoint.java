package io.mgw.runtime.batch;

import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.TriggerRequest;
import io.mgw.adapters.contract.TriggerResult;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.adapters.contract.workflow.RunTimeLimit;
import io.mgw.runtime.deployment.DeploymentStore;
import io.mgw.runtime.internal.ServiceToken;
import io.mgw.service.HttpEndpoint;
import io.mgw.service.JsonResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod's trigger endpoints (frames.md; service token): {@code POST /deployments/{id}/trigger} runs a hosted batch
 * deployment with the body's {@code inputs}; {@code POST /trigger} does the same when the pod hosts exactly one
 * deployment. {@code sync: true} answers when the run has ended ({@code status} completed or failed, with its
 * {@code output} or {@code error}); otherwise at once with {@code status: started}. Checks: 401, 405, 404 (not
 * hosted; {@code /trigger} on a pod hosting none), 409 ({@code /trigger} on a pod hosting several, a streaming
 * deployment), 400 body, 429 {@code too_many_runs} (the deployment is at its run cap). A sync answer is written from the run's thread onto the channel's event loop.
 */
public final class TriggerEndpoint implements HttpEndpoint {

    private static final Pattern DEPLOYMENT_TRIGGER = Pattern.compile("/deployments/([A-Za-z0-9_-]{1,128})/trigger");

    private final ServiceToken serviceToken;
    private final DeploymentStore store;
    private final BatchEngine engine;

    public TriggerEndpoint(ServiceToken serviceToken, DeploymentStore store, BatchEngine engine) {
        this.serviceToken = serviceToken;
        this.store = store;
        this.engine = engine;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(InternalApi.RUNTIME_SINGLE_TRIGGER_PATH) || DEPLOYMENT_TRIGGER.matcher(path).matches();
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!serviceToken.accepts(request.headers().get(InternalApi.SERVICE_TOKEN_HEADER))) {
            error(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", "missing or wrong " + InternalApi.SERVICE_TOKEN_HEADER + " header");
            return;
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = JsonResponses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed", request.method() + " is not allowed here; use POST");
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
            ctx.writeAndFlush(response);
            return;
        }
        Optional<DeploymentSpec> spec;
        Matcher m = DEPLOYMENT_TRIGGER.matcher(path);
        if (m.matches()) {
            spec = store.get(m.group(1));
            if (spec.isEmpty()) {
                error(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "deployment " + m.group(1) + " is not hosted here");
                return;
            }
        } else {
            List<String> ids = store.ids();
            if (ids.isEmpty()) {
                error(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "this pod hosts no deployment");
                return;
            }
            if (ids.size() > 1) {
                error(ctx, HttpResponseStatus.CONFLICT, "ambiguous_deployment", "this pod hosts " + ids.size()
                        + " deployments; use POST /deployments/{id}/trigger");
                return;
            }
            spec = store.get(ids.get(0));
            if (spec.isEmpty()) {
                error(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "this pod hosts no deployment");
                return;
            }
        }
        DeploymentSpec deployment = spec.get();
        if ("streaming".equals(deployment.workflowType())) {
            error(ctx, HttpResponseStatus.CONFLICT, "streaming_deployment", "deployment " + deployment.deploymentId()
                    + " is a streaming workflow: it runs per session, not per trigger");
            return;
        }
        TriggerRequest body;
        RunPlan plan;
        try {
            body = BatchRequests.read(request.content(), TriggerRequest.class, new TriggerRequest(null, null, null, null));
            plan = RunPlan.of(BatchRequests.executionId(body.executionId()),
                    deployment.organizationId() == null ? "default" : deployment.organizationId(),
                    deployment.workflowId() == null ? deployment.deploymentId() : deployment.workflowId(),
                    deployment.deploymentId(), body.triggerType(), deployment.nodes(), deployment.connections(),
                    body.timeoutMs() == null ? deployment.settings()
                            : RunTimeLimit.cap(deployment.settings(), Duration.ofMillis(body.timeoutMs())),
                    BatchRequests.inputs(body.inputs()), 1);
        } catch (BatchRequests.InvalidRequest e) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, e.code, e.getMessage());
            return;
        } catch (GraphFormatException e) {
            error(ctx, HttpResponseStatus.CONFLICT, "invalid_deployment", "the hosted definition is invalid: " + e.getMessage());
            return;
        }
        CompletableFuture<RunResult> run;
        try {
            run = engine.start(plan);
        } catch (TooManyRunsException e) {
            error(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, TooManyRunsException.CODE, e.getMessage());
            return;
        }
        if (!Boolean.TRUE.equals(body.sync())) {
            ctx.writeAndFlush(JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, new TriggerResult(TriggerResult.STARTED,
                    plan.executionId(), plan.workflowId(), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), null)));
            return;
        }
        ctx.channel().config().setAutoRead(false);
        run.whenComplete((result, ignored) -> ctx.executor().execute(() -> {
            TriggerResult answer = result.completed()
                    ? new TriggerResult(TriggerResult.COMPLETED, result.executionId(), result.workflowId(), result.output(), null)
                    : new TriggerResult(TriggerResult.FAILED, result.executionId(), result.workflowId(), null, result.error());
            ctx.writeAndFlush(JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, answer));
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), status, code, message));
    }
}
