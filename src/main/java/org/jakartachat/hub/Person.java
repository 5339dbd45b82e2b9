package org.jakartachat.hub;

/**
 * Someone a direct message can be addressed to: the person ({@link Identity#key}), the name it
 * goes by now, and whether it holds that name now (false: a login that is away). A name is
 * looked up once, when a message is sent to it; the message then belongs to that person,
 * whoever takes the name later.
 */
public record Person(String owner, String name, boolean online) {
}
