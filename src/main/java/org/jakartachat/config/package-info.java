/**
 * The chat's configuration: one immutable record read once at startup from system properties
 * and environment variables, with documented defaults. An invalid value stops the deployment
 * with a message naming the setting, rather than running with a surprise.
 */
package org.jakartachat.config;
