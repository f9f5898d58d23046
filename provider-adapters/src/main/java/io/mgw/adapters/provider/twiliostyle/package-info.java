/**
 * The shared base of Twilio-style providers: {@link io.mgw.adapters.provider.twiliostyle.TwilioStyleCodec}
 * (handshake state machine, media fast path, audio conversion, marks) and the Twilio-shaped
 * outbound wire records. Provider packages extend it with their start-message mapping and their
 * outbound message shapes; they never import each other.
 */
package io.mgw.adapters.provider.twiliostyle;
