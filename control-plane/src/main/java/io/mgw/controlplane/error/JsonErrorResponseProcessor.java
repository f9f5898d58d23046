package io.mgw.controlplane.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Shapes every error Micronaut produces itself (unknown route, malformed JSON, body too large, wrong method)
 * as an {@link ErrorBody}, whatever the client accepts: never an HTML page.
 */
@Primary
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message = errorContext.getErrors().stream().map(Error::getMessage).findFirst()
                .orElse(status.getReason());
        if (status.getCode() >= 500) {
            message = "The server failed to handle the request; see its log.";
        } else if (status == HttpStatus.NOT_FOUND && message.startsWith("Page Not Found")) {
            message = "No route for " + errorContext.getRequest().getMethodName() + " " + errorContext.getRequest().getPath();
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody(code(status), message));
    }

    static String code(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad_request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case CONFLICT -> "conflict";
            case REQUEST_ENTITY_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case NOT_ACCEPTABLE -> "not_acceptable";
            default -> status.getCode() >= 500 ? "internal_error" : status.name().toLowerCase(Locale.ROOT);
        };
    }
}
