package io.mgw.controlplane.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Any exception nobody else handles: logged with its stack once, answered as a JSON 500 without details. */
@Produces
@Singleton
public class UnexpectedExceptionHandler implements ExceptionHandler<RuntimeException, HttpResponse<ErrorBody>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, RuntimeException exception) {
        LOG.error("unhandled error on {} {}", request.getMethodName(), request.getPath(), exception);
        return HttpResponse.<ErrorBody>serverError()
                .body(new ErrorBody("internal_error", "The server failed to handle the request; see its log."));
    }
}
