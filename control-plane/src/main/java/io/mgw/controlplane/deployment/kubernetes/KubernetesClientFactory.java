package io.mgw.controlplane.deployment.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
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

    /** Retries of a failing API server request: Fabric8's default (10, doubling from 100 ms) would hold a deploy ~100 s. */
    public static final int REQUEST_RETRIES = 2;
    static final int REQUEST_RETRY_INTERVAL_MILLIS = 250;

    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().withConfig(bounded(Config.autoConfigure(null))).build();
    }

    /**
     * {@code config} with the retries bounded, so an API server that keeps failing makes a deploy fail with 503 within
     * a couple of seconds rather than hold the caller's request.
     */
    public static Config bounded(Config config) {
        return new ConfigBuilder(config).withRequestRetryBackoffLimit(REQUEST_RETRIES)
                .withRequestRetryBackoffInterval(REQUEST_RETRY_INTERVAL_MILLIS).build();
    }
}
