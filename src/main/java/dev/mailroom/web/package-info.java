/**
 * The webmail in the browser (Thymeleaf, server-rendered). For now it holds the security
 * of every path outside the REST API: the actuator's health and metrics endpoints are
 * open, everything else asks for a login.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "account", "mailbox", "mime", "delivery" })
package dev.mailroom.web;
