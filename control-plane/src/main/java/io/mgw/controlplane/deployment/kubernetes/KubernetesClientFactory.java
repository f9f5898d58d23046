package io.mgw.controlplane.deployment.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The Fabric8 client of the {@code kubernetes} driver. Fabric8's auto-configuration finds the cluster: the pod's
 * service account when running in-cluster, else {@code KUBECONFIG} (or ~/.kube/config). The JDK HTTP client is the
 * transport (kubernetes-httpclient-jdk; the Vert.x one is excluded so it cannot fight Micronaut's Netty).
 */
@Factory
@Requires(property = "mgw.deploy-driver", value = "kubernetes")
public class KubernetesClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }
}
