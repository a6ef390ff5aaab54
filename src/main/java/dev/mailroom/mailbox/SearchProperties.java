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
 * @param batchSize messages one indexer transaction takes; searches meanwhile also scan
 * the index entries of the batch (the GIN pending list) until it is merged, so keep it
 * small
 * @param maxBodyChars how much body text of one message is kept and indexed
 * @param shareWhileReceiving the share of one core the indexer may take while mail keeps
 * arriving (it pauses between batches); 1 never pauses. Accepting mail comes first: the
 * index catches up at full speed once the flow stops
 */
@ConfigurationProperties("mailroom.search")
record SearchProperties(@DefaultValue("true") boolean indexing, @DefaultValue("1s") Duration indexInterval,
		@DefaultValue("100") int batchSize, @DefaultValue("65536") int maxBodyChars,
		@DefaultValue("0.25") double shareWhileReceiving) {

	SearchProperties {
		if (batchSize < 1) {
			throw new IllegalArgumentException("mailroom.search.batch-size must be at least 1");
		}
		if (!(shareWhileReceiving > 0 && shareWhileReceiving <= 1)) {
			throw new IllegalArgumentException("mailroom.search.share-while-receiving must be above 0 and at most 1");
		}
		if (maxBodyChars < 0) {
			throw new IllegalArgumentException("mailroom.search.max-body-chars must not be negative");
		}
	}

}
