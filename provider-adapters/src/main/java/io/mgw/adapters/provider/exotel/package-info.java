/** Exotel: {@code ExotelCodec} (media stream), {@code ExotelMessages} (wire records), {@code ExotelCallControl} (REST). */
package io.mgw.adapters.provider.exotel;
