package io.mgw.adapters.contract.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.mgw.adapters.frame.ProtocolError;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** ISO-8601 (de)serialization of {@link Instant} for {@link IsoInstant} components. */
final class InstantJson {

    private InstantJson() {
    }

    /** Writes {@link Instant#toString()}: UTC, {@code Z}, fraction only when non-zero. */
    static final class Writer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    /** Reads an ISO-8601 instant ({@code Z} or an offset); anything else is a typed protocol error. */
    static final class Reader extends StdDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String field = p.currentName() == null ? "(instant)" : p.currentName();
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw ProtocolError.wrongType(field, "an ISO-8601 string").toException();
            }
            try {
                return Instant.parse(p.getText());
            } catch (DateTimeParseException e) {
                throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE,
                        "Field " + field + " must be an ISO-8601 instant").toException();
            }
        }
    }
}
