package dev.mailroom.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Webmail settings.
 *
 * @param rememberMe how long "keep me signed in" lasts
 * @param maxUpload the most a compose form may upload in attachments together
 */
@ConfigurationProperties("mailroom.web")
record WebProperties(@DefaultValue("30d") Duration rememberMe, @DefaultValue("25MB") DataSize maxUpload) {

}
