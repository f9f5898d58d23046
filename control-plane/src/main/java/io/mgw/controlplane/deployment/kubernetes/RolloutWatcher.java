package io.mgw.controlplane.deployment.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mgw.controlplane.deployment.DeploymentDriver.DriverStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the rollout of every mgw-managed Deployment with two Fabric8 informers (Deployments and their pods, both
 * selected by {@code app.kubernetes.io/managed-by=mgw}): a watch, not a polling loop. On each change it works out
 * the deployment's {@link RolloutStatus} from the informers' caches and tells the listener when it changed.
 * Handlers run on the informers' own thread, never on an event loop.
 */
public final class RolloutWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutWatcher.class);

    /** Told when a deployment's rollout status changes. */
    @FunctionalInterface
    public interface Listener {
        void onStatus(String deploymentId, DriverStatus status);
    }

    private final KubernetesClient client;
    private final String namespace;
    private final long resyncMillis;
    private final Listener listener;
    private final Map<String, DriverStatus> last = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Deployment> deployments;
    private volatile SharedIndexInformer<Pod> pods;

    public RolloutWatcher(KubernetesClient client, String namespace, long resyncMillis, Listener listener) {
        this.client = client;
        this.namespace = namespace;
        this.resyncMillis = resyncMillis;
        this.listener = listener;
    }

    /** Starts both informers; they list once, then watch. */
    public synchronized void start() {
        if (deployments != null) {
            return;
        }
        // Pods first, so the first Deployment events already find the pods' cache.
        SharedIndexInformer<Pod> podInformer = client.pods().inNamespace(namespace)
                .withLabel(WorkflowResources.MANAGED_BY, WorkflowResources.MANAGED_BY_VALUE)
                .runnableInformer(resyncMillis);
        SharedIndexInformer<Deployment> deploymentInformer = client.apps().deployments().inNamespace(namespace)
                .withLabel(WorkflowResources.MANAGED_BY, WorkflowResources.MANAGED_BY_VALUE)
                .runnableInformer(resyncMillis);
        pods = podInformer;
        deployments = deploymentInformer;
        podInformer.addEventHandler(handler());
        deploymentInformer.addEventHandler(handler());
        podInformer.run();
        deploymentInformer.run();
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                evaluate(object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                evaluate(newObject);
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                if (object instanceof Deployment) {
                    String id = deploymentId(object);
                    if (id != null) {
                        last.remove(id);
                    }
                } else {
                    evaluate(object);
                }
            }
        };
    }

    private void evaluate(HasMetadata object) {
        String id = deploymentId(object);
        SharedIndexInformer<Deployment> deployments = this.deployments;
        SharedIndexInformer<Pod> pods = this.pods;
        if (id == null || deployments == null || pods == null) {
            return;
        }
        try {
            Deployment deployment = deployments.getStore().list().stream()
                    .filter(d -> id.equals(deploymentId(d))).findFirst().orElse(null);
            if (deployment == null) {
                return;
            }
            List<Pod> owned = pods.getStore().list().stream().filter(p -> id.equals(deploymentId(p))).toList();
            DriverStatus status = RolloutStatus.of(deployment, owned);
            if (!status.equals(last.put(id, status))) {
                listener.onStatus(id, status);
            }
        } catch (RuntimeException e) {
            LOG.warn("rollout status of deployment {} not recorded: {}", id, e.toString());
        }
    }

    private static String deploymentId(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? null : labels.get(WorkflowResources.LABEL_DEPLOYMENT);
    }

    @Override
    public synchronized void close() {
        if (deployments != null) {
            deployments.close();
        }
        if (pods != null) {
            pods.close();
        }
        deployments = null;
        pods = null;
    }
}
