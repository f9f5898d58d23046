package io.mgw.controlplane.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route that also takes its API key in the {@code api_key} query parameter (the flow stream document's
 * form); a request that gives both that and the header is refused with 400. Other routes ignore the parameter,
 * because keys in URLs end up in logs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface QueryApiKey {

    /** The query parameter's name. */
    String PARAMETER = "api_key";
}
