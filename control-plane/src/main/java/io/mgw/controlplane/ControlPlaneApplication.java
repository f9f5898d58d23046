package io.mgw.controlplane;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.mgw.controlplane.config.ControlPlaneEnvironment;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Map;

/** The control plane's entry point: REST APIs, accounts, deployments and the event consumer. */
@OpenAPIDefinition(info = @Info(title = "control-plane", version = "0.1",
        description = "Workflows, streaming sessions, deployments and accounts of the media gateway"),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, paramName = "X-API-Key")
public final class ControlPlaneApplication {

    private ControlPlaneApplication() {
    }

    public static void main(String[] args) {
        start(System.getenv());
    }

    /**
     * Starts the control plane with the given environment variables; the launcher calls this in-process with
     * its own additions (embedded database URL, generated secrets).
     */
    public static ApplicationContext start(Map<String, String> env) {
        Map<String, Object> properties = ControlPlaneEnvironment.toProperties(env);
        return Micronaut.build(new String[0])
                .mainClass(ControlPlaneApplication.class)
                .banner(false)
                // Configuration comes only from the map above, so an env var can't reach a property by Micronaut's name mangling.
                .environmentPropertySource(false)
                .properties(properties)
                .start();
    }
}
