package io.mgw.controlplane.internal;

import io.mgw.adapters.contract.AgentRoute;
import io.mgw.adapters.contract.CallAdmission;
import io.mgw.adapters.contract.CallAdmissionRequest;
import io.mgw.controlplane.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;

/**
 * The agent stream's internal API: {@code GET /internal/v1/agents/{agentUuid}}, {@code POST /internal/v1/calls}
 * (201 with the session, or 409 {@code {"refused": "quota" | "concurrent_calls" | "session_exists"}}),
 * {@code POST /internal/v1/calls/abandon} and {@code POST /internal/v1/calls/{sessionId}/release}.
 */
@Hidden
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class InternalCallController {

    private final InternalCallService calls;

    public InternalCallController(InternalCallService calls) {
        this.calls = calls;
    }

    @Get("/internal/v1/agents/{agentUuid}")
    public AgentRoute agent(String agentUuid) {
        return calls.agent(agentUuid).orElseThrow(() -> ApiException.notFound("agent", agentUuid));
    }

    @Post(CallAdmissionRequest.PATH)
    public HttpResponse<CallAdmission> admit(@Body @Nullable CallAdmissionRequest request) {
        CallAdmission answer = calls.admit(request);
        return HttpResponse.<CallAdmission>status(answer.wasRefused() ? HttpStatus.CONFLICT : HttpStatus.CREATED).body(answer);
    }

    /** The gateway gave up waiting for an admission: no live session remains under its id (200 either way). */
    @Post(CallAdmissionRequest.ABANDON_PATH)
    public Map<String, Object> abandon(@Body @Nullable CallAdmissionRequest request) {
        boolean existed = calls.abandon(request);
        return Map.of("session_id", request.sessionId(), "abandoned", true, "existed", existed);
    }

    @Post(CallAdmissionRequest.PATH + "/{sessionId}/release")
    public Map<String, Object> release(String sessionId) {
        if (!calls.release(sessionId)) {
            throw ApiException.notFound("session", sessionId);
        }
        return Map.of("session_id", sessionId, "released", true);
    }
}
