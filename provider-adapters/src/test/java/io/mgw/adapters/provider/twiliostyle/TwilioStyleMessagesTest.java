package io.mgw.adapters.provider.twiliostyle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mgw.adapters.frame.FrameJson;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TwilioStyleMessagesTest {

    @Test
    void theMediaMessageIsTheMappersTextInUtf8() throws Exception {
        Random random = new Random(7);
        String[] streamSids = {"MZ18ad3ab5a668481ce02b83e7395059f0", "", "quote\"back\\slash/solidus",
                "tab\tnew\nline\r\u0001\u001f\u007f", "caf\u00e9 \u00f1 \u4e2d \ud83d\ude00 \u2028\u2029"};
        for (String sid : streamSids) {
            for (int length : new int[] {0, 1, 2, 3, 160, 161, 320}) {
                byte[] audio = new byte[length];
                random.nextBytes(audio);
                var message = TwilioStyleMessages.MediaMessage.of(sid, audio);
                // The mapper's text, UTF-8 encoded (its own byte writer escapes surrogate pairs instead: same JSON string).
                byte[] expected = FrameJson.mapper().writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(expected, message.toJsonUtf8(), sid + " / " + length);
                byte[] prefix = TwilioStyleMessages.MediaMessage.prefixUtf8("media", sid);
                assertArrayEquals(expected, message.toJsonUtf8(prefix), "with the stream's prefix: " + sid + " / " + length);
            }
        }
    }

    @Test
    void aMessageWithMissingPartsIsLeftToTheMapper() {
        assertNull(TwilioStyleMessages.MediaMessage.of(null, new byte[1]).toJsonUtf8());
        assertNull(new TwilioStyleMessages.MediaMessage("media", "MZ1", null).toJsonUtf8());
        assertNull(TwilioStyleMessages.MediaMessage.of("MZ1", null).toJsonUtf8());
    }
}
