/** Telnyx: {@code TelnyxCodec} (media stream), {@code TelnyxMessages} (wire records), {@code TelnyxCallControl} (REST). */
package io.mgw.adapters.provider.telnyx;
