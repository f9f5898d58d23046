package io.mgw.controlplane.runstream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.mgw.controlplane.auth.Caller;
import io.mgw.controlplane.auth.QueryApiKey;
import io.mgw.controlplane.execution.Execution;
import org.reactivestreams.Publisher;

/**
 * The flow run stream: {@code POST} (or {@code GET}, without a body, as a browser does)
 * {@code /api/v1/tenants/{tenantId}/workspaces/{workspaceId}/flows/{flowId}/stream?env=...}, the key in
 * {@code x-api-key} or {@code ?api_key=}. The answer starts as soon as the run is started, with its id in
 * {@code flow-job-id}, and streams the run's events as one JSON array; {@code GET /api/v1/executions/{id}} gives the
 * run's log afterwards.
 */
@Controller("/api/v1/tenants/{tenantId}/workspaces/{workspaceId}/flows/{flowId}/stream")
@ExecuteOn(TaskExecutors.BLOCKING)
public class FlowStreamController {

    /** The response header carrying the run's id. */
    public static final String JOB_ID_HEADER = "flow-job-id";

    private final FlowStreamService flows;
    private final RunStreamEncoder encoder;
    private final RunStreamsConfig config;

    public FlowStreamController(FlowStreamService flows, RunStreamEncoder encoder, RunStreamsConfig config) {
        this.flows = flows;
        this.encoder = encoder;
        this.config = config;
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @QueryApiKey
    public HttpResponse<Publisher<byte[]>> post(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String tenantId,
                                                String workspaceId, String flowId, @QueryValue @Nullable String env,
                                                @Body @Nullable byte[] body, HttpRequest<?> request) {
        Execution run = flows.start(caller, tenantId, workspaceId, flowId, env, body,
                request.getContentType().map(MediaType::toString).orElse(null));
        return stream(run);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @QueryApiKey
    public HttpResponse<Publisher<byte[]>> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, String tenantId,
                                               String workspaceId, String flowId, @QueryValue @Nullable String env) {
        return stream(flows.start(caller, tenantId, workspaceId, flowId, env, null, null));
    }

    private HttpResponse<Publisher<byte[]>> stream(Execution run) {
        return HttpResponse.<Publisher<byte[]>>ok(encoder.jsonArray(run.id(), config.flowMaxDuration()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(JOB_ID_HEADER, run.id().toString())
                .header("Cache-Control", "no-cache")
                // Proxies such as nginx would otherwise buffer the stream and deliver it at the end.
                .header("X-Accel-Buffering", "no");
    }
}
