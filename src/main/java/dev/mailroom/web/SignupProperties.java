package dev.mailroom.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Self sign-up.
 *
 * @param enabled whether anyone may create an account on a local domain at
 * {@code /signup}; off by default, since an open sign-up on a mail server invites
 * spammers
 */
@ConfigurationProperties("mailroom.signup")
record SignupProperties(@DefaultValue("false") boolean enabled) {
}
