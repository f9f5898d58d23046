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
import io.micronaut.context.annotation.Value;
import io.mgw.controlplane.deployment.kubernetes.KubernetesClientFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;

/**
 * Fabric8's mock API server as the application's Kubernetes cluster, for contexts that ask for it with
 * {@code mgw.test.kubernetes-mock}: {@code true} is CRUD mode (the server keeps what it is sent), {@code expectations}
 * answers only what a test told it to through the {@link KubernetesMockServer} bean, e.g. an API server refusing a
 * deploy.
 */
@Factory
@Requires(property = "mgw.test.kubernetes-mock")
public class MockKubernetesFactory {

    private final KubernetesMockServer server;

    public MockKubernetesFactory(@Value("${mgw.test.kubernetes-mock}") String mode) {
        server = "expectations".equals(mode)
                ? new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), false)
                : new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                        new KubernetesCrudDispatcher(), false);
    }

    /** The mock server itself, for tests that set expectations. */
    @Singleton
    KubernetesMockServer kubernetesMockServer() {
        return server;
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Replaces(factory = KubernetesClientFactory.class, bean = KubernetesClient.class)
    KubernetesClient mockKubernetesClient() {
        server.init();
        // The application's own retry bound on top of the mock server's connection settings.
        return server.createClient(builder -> builder.withConfig(
                KubernetesClientFactory.bounded(server.createClient().getConfiguration())));
    }

    @PreDestroy
    void stop() {
        server.destroy();
    }
}
