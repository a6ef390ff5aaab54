-- Search over a user's mail (webmail and API search box).
--
-- Why not pg_trgm: trigrams are only taken from characters the database's ctype calls letters,
-- and the cluster's ctype is C (see docs/decisions.md, foundation), so Hangul yields no trigrams
-- at all and '%회의%' could never use a trigram index. Instead Mailroom cuts text into lexemes
-- itself (SearchText): words of other scripts whole (matched by prefix), runs of Hangul, Han and
-- kana as overlapping character bigrams and trigrams plus their last character, so "회의" is
-- found inside "회의를". The lexemes go into a tsvector without positions, whose GIN index
-- answers exactly (no recheck). Phrases also need the pair keys of neighbouring words (an int[]
-- in the same index) instead of a look at the text, which would cost about 10 us per message
-- holding the words. No text is stored.
--
-- One row per user and content: a content delivered to several local users is indexed for each,
-- so the GIN index (user_id first, thanks to btree_gin) can answer within one user's mail. Rows
-- are written by a background indexer (SearchIndexer) seconds after delivery; the SMTP delivery
-- path does not change.
create extension if not exists btree_gin;

create table message_search (
	content_id  bigint   not null references message_contents (id) on delete cascade,
	user_id     bigint   not null references users (id) on delete cascade,
	-- free-text lexemes (subject, sender, body) and field lexemes (_s subject, _f from, _t to/cc)
	lexemes     tsvector not null,
	-- pair keys of neighbouring words, for phrases (SearchText.pair)
	pairs       int[]    not null,
	primary key (content_id, user_id)
);

-- One GIN index answers every text term of a search, within one user's mail. It also serves
-- the cascade when a user is deleted (user_id alone). The indexer empties its pending list after
-- each batch (a full pending list makes every search slow).
create index message_search_lexemes_idx on message_search using gin (user_id, lexemes, pairs);
