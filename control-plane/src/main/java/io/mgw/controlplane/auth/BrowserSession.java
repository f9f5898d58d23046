package io.mgw.controlplane.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route a browser may call with its login-session cookie ({@link LoginSessions#COOKIE}) when it sends no API
 * key; {@link ApiKeyAuthenticationFilter} honours it. Only on routes a page needs (chats, their run streams, logout).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface BrowserSession {
}
