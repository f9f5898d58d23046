package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link java.time.Instant} record component as an ISO-8601 string. The module's one
 * mapper has no JSR-310 module (and must not be reconfigured), so event records bind their
 * instants through {@link InstantJson} instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@JacksonAnnotationsInside
@JsonSerialize(using = InstantJson.Writer.class)
@JsonDeserialize(using = InstantJson.Reader.class)
@interface IsoInstant {
}
