/** Plivo: {@code PlivoCodec} (media stream), {@code PlivoMessages} (wire records), {@code PlivoCallControl} (REST). */
package io.mgw.adapters.provider.plivo;
