package io.mgw.runtime.deployment;

import io.mgw.adapters.contract.DeploymentSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The deployments this pod hosts, by id, in memory. The control plane is the durable source: it re-applies every
 * deployment on deploy and start, so a restarted pod is told again. Thread-safe: written on event loops, read by
 * the registry's thread.
 */
public final class DeploymentStore {

    private final ConcurrentMap<String, DeploymentSpec> specs = new ConcurrentHashMap<>();

    /**
     * Hosts {@code spec} under its {@code deploymentId}, replacing an earlier definition.
     *
     * @return true when the deployment was not hosted before
     */
    public boolean put(DeploymentSpec spec) {
        Objects.requireNonNull(spec.deploymentId(), "deploymentId");
        return specs.put(spec.deploymentId(), spec) == null;
    }

    /** Stops hosting a deployment; false when it was not hosted. */
    public boolean remove(String deploymentId) {
        return specs.remove(deploymentId) != null;
    }

    /** The hosted definition of a deployment. */
    public Optional<DeploymentSpec> get(String deploymentId) {
        return Optional.ofNullable(specs.get(deploymentId));
    }

    /** The hosted deployment ids, sorted (a snapshot). */
    public List<String> ids() {
        return specs.keySet().stream().sorted().toList();
    }

    /** How many deployments are hosted. */
    public int size() {
        return specs.size();
    }
}
