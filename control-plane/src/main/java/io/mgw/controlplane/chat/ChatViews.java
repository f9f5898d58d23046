package io.mgw.controlplane.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.execution.Execution;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of {@code /api/chats}. */
public final class ChatViews {

    private ChatViews() {
    }

    /** {@code POST /api/chats}: both optional; {@code workflowId} is what runs start when they name none. */
    public record CreateChatRequest(@Nullable String title, @Nullable String workflowId) {
    }

    /** A chat; {@code workflowRuns} (newest first) only on {@code GET /api/chats/{id}}. */
    public record ChatView(String id, String userId, String organizationId, String workflowId, String title,
                           Instant createdAt, Instant updatedAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<RunView> workflowRuns) {
        static ChatView of(Chat chat, @Nullable List<RunView> runs) {
            return new ChatView(chat.id().toString(), chat.userId(), chat.organizationId(), chat.workflowId(),
                    chat.title(), chat.createdAt(), chat.updatedAt(), runs);
        }
    }

    /** A run of a chat; its live events are at {@code streamUrl}. */
    public record RunView(String workflowRunId, String workflowId, String status, Instant createdAt, String streamUrl) {
        static RunView of(Execution run) {
            return new RunView(run.id().toString(), run.workflowId(), run.status(), run.createdAt(),
                    "/api/chats/" + run.chatId() + "/workflow-runs/" + run.id() + "/stream");
        }
    }

    /** {@code POST /api/chats/{chatId}/workflow-runs}: the workflow (default: the chat's) and its inputs. */
    public record StartRunRequest(@Nullable String workflowId, @Nullable JsonNode inputs) {
    }
}
