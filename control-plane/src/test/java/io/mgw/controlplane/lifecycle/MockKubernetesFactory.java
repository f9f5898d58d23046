package io.mgw.controlplane.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.mgw.controlplane.deployment.kubernetes.KubernetesClientFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;

/** Fabric8's mock API server in CRUD mode as the application's Kubernetes cluster, for contexts that ask for it. */
@Factory
@Requires(property = "mgw.test.kubernetes-mock", value = "true")
public class MockKubernetesFactory {

    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);

    @Singleton
    @Bean(preDestroy = "close")
    @Replaces(factory = KubernetesClientFactory.class, bean = KubernetesClient.class)
    KubernetesClient mockKubernetesClient() {
        server.init();
        return server.createClient();
    }

    @PreDestroy
    void stop() {
        server.destroy();
    }
}
