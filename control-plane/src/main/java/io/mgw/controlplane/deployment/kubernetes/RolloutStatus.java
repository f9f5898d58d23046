package io.mgw.controlplane.deployment.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.mgw.controlplane.deployment.DeploymentDriver.DriverStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Reads a rollout's state from a Deployment and its pods: ready, pending, stopped, or failed with the reason. */
public final class RolloutStatus {

    /** Container waiting reasons that will not fix themselves. */
    static final Set<String> FATAL_WAITING = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError");

    private RolloutStatus() {
    }

    public static DriverStatus of(Deployment deployment, List<Pod> pods) {
        int desired = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 1
                : deployment.getSpec().getReplicas();
        DeploymentStatus status = deployment.getStatus();
        int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        if (desired == 0) {
            return new DriverStatus("stopped", null, 0);
        }
        List<DeploymentCondition> conditions = status == null || status.getConditions() == null ? List.of()
                : status.getConditions();
        Optional<DeploymentCondition> deadline = conditions.stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())).findFirst();
        if (deadline.isPresent()) {
            return failed(deadline.get().getReason(), deadline.get().getMessage(), ready);
        }
        Optional<DeploymentCondition> replicaFailure = conditions.stream()
                .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (replicaFailure.isPresent()) {
            return failed(replicaFailure.get().getReason(), replicaFailure.get().getMessage(), ready);
        }
        int available = status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
        boolean observed = status == null || status.getObservedGeneration() == null
                || deployment.getMetadata().getGeneration() == null
                || status.getObservedGeneration() >= deployment.getMetadata().getGeneration();
        boolean availableCondition = conditions.stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
        if (observed && available >= desired && (availableCondition || conditions.isEmpty())) {
            return new DriverStatus("ready", null, ready);
        }
        for (Pod pod : pods) {
            Optional<DriverStatus> podFailure = podFailure(pod, ready);
            if (podFailure.isPresent()) {
                return podFailure.get();
            }
        }
        return new DriverStatus("pending", null, ready);
    }

    private static Optional<DriverStatus> podFailure(Pod pod, int ready) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> containers = pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
        for (ContainerStatus container : containers) {
            if (container.getState() != null && container.getState().getWaiting() != null
                    && FATAL_WAITING.contains(container.getState().getWaiting().getReason())) {
                return Optional.of(failed(container.getState().getWaiting().getReason(),
                        container.getState().getWaiting().getMessage(), ready));
            }
        }
        List<PodCondition> conditions = pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
        return conditions.stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()))
                .findFirst().map(c -> failed(c.getReason(), c.getMessage(), ready));
    }

    private static DriverStatus failed(String reason, String message, int ready) {
        String text = Objects.requireNonNullElse(reason, "Failed")
                + (message == null || message.isBlank() ? "" : ": " + message);
        return new DriverStatus("failed", text.length() > 500 ? text.substring(0, 500) : text, ready);
    }
}
