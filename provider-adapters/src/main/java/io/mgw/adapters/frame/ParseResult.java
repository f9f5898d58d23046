package io.mgw.adapters.frame;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of parsing untrusted input: either a value or a {@link ProtocolError}, never an
 * exception.
 *
 * @param <T> the parsed type
 */
public sealed interface ParseResult<T> permits ParseResult.Ok, ParseResult.Err {

    /** A successful parse. */
    record Ok<T>(T value) implements ParseResult<T> {
        /** Requires a value. */
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A refused input. */
    record Err<T>(ProtocolError error) implements ParseResult<T> {
        /** Requires an error. */
        public Err {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Wraps a value. */
    static <T> ParseResult<T> ok(T value) {
        return new Ok<>(value);
    }

    /** Wraps an error. */
    static <T> ParseResult<T> err(ProtocolError error) {
        return new Err<>(error);
    }

    /** Whether this is a value. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws {@link IllegalStateException} on an error. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("not parsed: " + error());
    }

    /** The error, or {@code null} for a value. */
    default ProtocolError error() {
        return this instanceof Err<T> err ? err.error() : null;
    }

    /** Maps the value, keeping an error as it is. */
    default <R> ParseResult<R> map(Function<? super T, ? extends R> mapper) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapper.apply(ok.value()));
        }
        return new Err<>(error());
    }
}
