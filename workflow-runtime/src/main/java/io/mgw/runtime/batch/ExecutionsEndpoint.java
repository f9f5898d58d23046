package io.mgw.runtime.batch;

import io.mgw.adapters.contract.ExecutionAccepted;
import io.mgw.adapters.contract.ExecutionRequest;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.workflow.GraphFormatException;
import io.mgw.runtime.internal.ServiceToken;
import io.mgw.service.HttpEndpoint;
import io.mgw.service.JsonResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /internal/executions} (service token): starts a batch run of the given definition and answers 202
 * {@code {"execution_id","status":"running"}} at once; the run reports itself as {@code execution.event}s. Checks:
 * 401 token, 405 method, 400 body (malformed JSON, missing organization_id/workflow_id/definition, a bad graph),
 * 429 {@code too_many_runs} when the deployment (draft: the workflow) is at its run cap.
 */
public final class ExecutionsEndpoint implements HttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(ExecutionsEndpoint.class);

    private final ServiceToken serviceToken;
    private final BatchEngine engine;

    public ExecutionsEndpoint(ServiceToken serviceToken, BatchEngine engine) {
        this.serviceToken = serviceToken;
        this.engine = engine;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(InternalApi.RUNTIME_EXECUTIONS_PATH);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!serviceToken.accepts(request.headers().get(InternalApi.SERVICE_TOKEN_HEADER))) {
            ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "missing or wrong " + InternalApi.SERVICE_TOKEN_HEADER + " header"));
            return;
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = JsonResponses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed", request.method() + " is not allowed here; use POST");
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
            ctx.writeAndFlush(response);
            return;
        }
        RunPlan plan;
        try {
            ExecutionRequest body = BatchRequests.read(request.content(), ExecutionRequest.class, null);
            if (body == null) {
                throw new BatchRequests.InvalidRequest("invalid_field", "(body): an execution request is required");
            }
            require(body.organizationId(), "organization_id");
            require(body.workflowId(), "workflow_id");
            if (body.definition() == null || !body.definition().isObject()) {
                throw new BatchRequests.InvalidRequest("invalid_field", "definition: an object with nodes and connections is required");
            }
            plan = RunPlan.of(BatchRequests.executionId(body.executionId()), body.organizationId(), body.workflowId(),
                    body.deploymentId(), body.triggerType(), body.definition().get("nodes"), body.definition().get("connections"),
                    body.definition().get("settings"), BatchRequests.inputs(body.inputs()), firstSeq(body.firstSeq()));
        } catch (BatchRequests.InvalidRequest e) {
            ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, e.code, e.getMessage()));
            return;
        } catch (GraphFormatException e) {
            ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "invalid_field",
                    "definition." + e.getMessage()));
            return;
        }
        log.info("batch run {} of workflow {} ({} nodes, trigger {})", plan.executionId(), plan.workflowId(),
                plan.graph().nodes().size(), plan.triggerType());
        try {
            engine.start(plan);
        } catch (TooManyRunsException e) {
            ctx.writeAndFlush(JsonResponses.error(ctx.alloc(), HttpResponseStatus.TOO_MANY_REQUESTS, TooManyRunsException.CODE,
                    e.getMessage()));
            return;
        }
        ctx.writeAndFlush(JsonResponses.json(ctx.alloc(), HttpResponseStatus.ACCEPTED,
                new ExecutionAccepted(plan.executionId(), "running")));
    }

    private static long firstSeq(Long given) throws BatchRequests.InvalidRequest {
        if (given == null) {
            return 1;
        }
        if (given < 1) {
            throw new BatchRequests.InvalidRequest("invalid_field", "first_seq: must be at least 1");
        }
        return given;
    }

    private static void require(String value, String field) throws BatchRequests.InvalidRequest {
        if (value == null || value.isBlank()) {
            throw new BatchRequests.InvalidRequest("invalid_field", field + ": is required");
        }
    }
}
