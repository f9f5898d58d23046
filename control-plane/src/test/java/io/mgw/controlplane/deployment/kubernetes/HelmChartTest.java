package io.mgw.controlplane.deployment.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders deploy/helm/mgw with helm-java (Helm's own template engine through its native library) and parses every
 * document with Fabric8's model classes. Skips, with the reason, where the native library cannot load.
 */
class HelmChartTest {

    private static final String RELEASE = "demo";
    private static final String NS = "mgw";

    private static Path chart() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/helm/mgw"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "deploy/helm/mgw not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("deploy/helm/mgw");
    }

    private static List<HasMetadata> render(Path valuesFile) {
        String yaml;
        try {
            var template = new Helm(chart()).template().withName(RELEASE).withNamespace(NS);
            if (valuesFile != null) {
                template = template.withValuesFile(valuesFile);
            }
            yaml = template.call();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            Assumptions.assumeTrue(false, "helm-java's native Helm library cannot load on this machine ("
                    + e + "); the chart was not rendered");
            throw new AssertionError(e);
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            String body = document.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n")).trim();
            if (body.isEmpty()) {
                continue;
            }
            Object parsed = Serialization.unmarshal(document);
            assertTrue(parsed instanceof HasMetadata, "not a Kubernetes object: " + document);
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in "
                        + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }

    @Test
    void defaultValuesRenderEveryPieceAsValidManifests() {
        List<HasMetadata> objects = render(null);

        Deployment controlPlane = one(objects, Deployment.class, "demo-mgw-control-plane");
        var cp = controlPlane.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("control-plane"), cp.getArgs());
        Map<String, EnvVar> env = cp.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("kubernetes", env.get("MGW_DEPLOY_DRIVER").getValue());
        assertEquals("user-workflows", env.get("MGW_KUBERNETES_NAMESPACE").getValue());
        assertEquals("ghcr.io/mgw/workflow-runtime:0.1.0", env.get("MGW_RUNTIME_IMAGE").getValue());
        for (String secret : List.of("DATABASE_URL", "REDIS_URL", "MGW_JWT_SECRET", "MGW_SERVICE_TOKEN",
                "MGW_SECRET_KEY")) {
            assertEquals("demo-mgw-secrets", env.get(secret).getValueFrom().getSecretKeyRef().getName(), secret);
        }
        assertEquals("demo-mgw-control-plane", controlPlane.getSpec().getTemplate().getSpec().getServiceAccountName());
        one(objects, Service.class, "demo-mgw-control-plane");
        one(objects, Service.class, "demo-mgw-media-gateway");
        Secret secrets = one(objects, Secret.class, "demo-mgw-secrets");
        assertTrue(secrets.getData().keySet().containsAll(Set.of("DATABASE_URL", "REDIS_URL", "MGW_JWT_SECRET",
                "MGW_SERVICE_TOKEN", "MGW_SECRET_KEY")), secrets.getData().keySet().toString());
        Secret runtime = one(objects, Secret.class, "demo-mgw-runtime");
        assertEquals("user-workflows", runtime.getMetadata().getNamespace());
        assertEquals(secrets.getData().get("MGW_SERVICE_TOKEN"), runtime.getData().get("MGW_SERVICE_TOKEN"),
                "workflow pods get the same service token");

        Deployment gateway = one(objects, Deployment.class, "demo-mgw-media-gateway");
        var gw = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
        var preStop = gw.getLifecycle().getPreStop().getExec().getCommand();
        assertTrue(String.join(" ", preStop).contains("sleep 10 && kill -TERM 1"), preStop.toString());
        assertEquals(60L, gateway.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());

        HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class, "demo-mgw-media-gateway");
        assertEquals("demo-mgw-media-gateway", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(2, hpa.getSpec().getMinReplicas());
        assertEquals(10, hpa.getSpec().getMaxReplicas());
        PodDisruptionBudget pdb = one(objects, PodDisruptionBudget.class, "demo-mgw-media-gateway");
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        assertEquals(gateway.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());

        Ingress ingress = one(objects, Ingress.class, "demo-mgw");
        Map<String, String> routes = ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .collect(Collectors.toMap(HTTPIngressPath::getPath, p -> p.getBackend().getService().getName()));
        assertEquals("demo-mgw-media-gateway", routes.get("/api/v1/streaming/sessions"));
        assertEquals("demo-mgw-media-gateway", routes.get("/api/v1/agent-stream"));
        assertEquals("demo-mgw-control-plane", routes.get("/"));
        assertEquals("3600", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout"),
                "WebSocket sessions need long timeouts");

        Role role = one(objects, Role.class, "demo-mgw-deployment-driver");
        assertEquals("user-workflows", role.getMetadata().getNamespace());
        assertTrue(all(objects, io.fabric8.kubernetes.api.model.rbac.ClusterRole.class).isEmpty(),
                "no cluster-wide rights");
        Set<String> resources = role.getRules().stream().flatMap(r -> r.getResources().stream())
                .collect(Collectors.toSet());
        assertEquals(Set.of("deployments", "deployments/scale", "services", "configmaps", "pods"), resources);
        PolicyRule pods = role.getRules().stream().filter(r -> r.getResources().contains("pods")).findFirst()
                .orElseThrow();
        assertEquals(List.of("get", "list", "watch"), pods.getVerbs());
        assertFalse(role.getRules().stream().anyMatch(r -> r.getVerbs().contains("*") || r.getResources().contains("*")));
        RoleBinding binding = one(objects, RoleBinding.class, "demo-mgw-deployment-driver");
        assertEquals("user-workflows", binding.getMetadata().getNamespace());
        assertEquals("demo-mgw-control-plane", binding.getSubjects().get(0).getName());
        assertEquals(NS, binding.getSubjects().get(0).getNamespace());
    }

    @Test
    void customValuesChangeNamespaceImagesScalingAndSecrets(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, String.join("\n",
                "image: {registry: registry.example.com/voice, tag: \"2.0.0\", pullSecrets: [regcred]}",
                "runtime: {workflowsNamespace: tenants, defaultDisk: 5Gi}",
                "gateway: {autoscaling: {minReplicas: 3, maxReplicas: 30}, podDisruptionBudget: {minAvailable: 2}}",
                "secrets: {existingSecret: prod-mgw}",
                "ingress: {host: voice.example.com, tls: {secretName: voice-tls}}",
                ""));
        List<HasMetadata> objects = render(values);

        var cp = one(objects, Deployment.class, "demo-mgw-control-plane").getSpec().getTemplate().getSpec();
        Map<String, EnvVar> env = cp.getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("registry.example.com/voice/control-plane:2.0.0", cp.getContainers().get(0).getImage());
        assertEquals("registry.example.com/voice/workflow-runtime:2.0.0", env.get("MGW_RUNTIME_IMAGE").getValue());
        assertEquals("tenants", env.get("MGW_KUBERNETES_NAMESPACE").getValue());
        assertEquals("5Gi", env.get("MGW_RUNTIME_DEFAULT_DISK").getValue());
        assertEquals("regcred", env.get("MGW_IMAGE_PULL_SECRETS").getValue());
        assertEquals("prod-mgw", env.get("DATABASE_URL").getValueFrom().getSecretKeyRef().getName());
        assertEquals("prod-mgw", env.get("MGW_KUBERNETES_SECRET").getValue(), "workflow pods read the existing Secret");
        assertTrue(all(objects, Secret.class).stream().noneMatch(s -> s.getMetadata().getName().equals("demo-mgw-secrets")),
                "an existing Secret is used, not created");
        assertEquals("tenants", one(objects, Role.class, "demo-mgw-deployment-driver").getMetadata().getNamespace());
        HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class, "demo-mgw-media-gateway");
        assertEquals(3, hpa.getSpec().getMinReplicas());
        assertEquals(30, hpa.getSpec().getMaxReplicas());
        assertEquals(2, one(objects, PodDisruptionBudget.class, "demo-mgw-media-gateway").getSpec().getMinAvailable()
                .getIntVal());
        Ingress ingress = one(objects, Ingress.class, "demo-mgw");
        assertEquals("voice.example.com", ingress.getSpec().getRules().get(0).getHost());
        assertEquals("voice-tls", ingress.getSpec().getTls().get(0).getSecretName());
    }
}
