/** Twilio: {@code TwilioCodec} (media stream), {@code TwilioMessages} (wire records), {@code TwilioCallControl} (REST). */
package io.mgw.adapters.provider.twilio;
