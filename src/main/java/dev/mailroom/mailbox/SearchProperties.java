package dev.mailroom.mailbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Search index settings.
 *
 * @param indexing whether this instance runs the background indexer (any number of
 * instances may; they take turns batch by batch)
 * @param indexInterval how often the indexer looks for new mail: new mail is searchable
 * about this long after delivery
 * @param batchSize messages one indexer transaction takes
 * @param maxBodyChars how much body text of one message is kept and indexed
 */
@ConfigurationProperties("mailroom.search")
record SearchProperties(@DefaultValue("true") boolean indexing, @DefaultValue("1s") Duration indexInterval,
		@DefaultValue("200") int batchSize, @DefaultValue("65536") int maxBodyChars) {

	SearchProperties {
		if (batchSize < 1) {
			throw new IllegalArgumentException("mailroom.search.batch-size must be at least 1");
		}
		if (maxBodyChars < 0) {
			throw new IllegalArgumentException("mailroom.search.max-body-chars must not be negative");
		}
	}

}
