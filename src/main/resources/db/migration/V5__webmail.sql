-- Webmail: per-user settings, senders whose remote images are always shown, API tokens
-- (created in the webmail, used by the REST API), remember-me logins, and mail waiting
-- out its undo-send delay.

create table user_settings (
	user_id     bigint primary key references users (id) on delete cascade,
	signature   text        not null default '',
	-- An IANA zone id such as Asia/Seoul; null means "as the browser says" (UTC until known).
	time_zone   text,
	-- 'en' or 'ko'; null means "as Accept-Language says".
	language    text        check (language in ('en', 'ko')),
	page_size   int         not null default 50 check (page_size between 10 and 200),
	-- Seconds a sent message waits, undoable, before it goes; 0 sends at once.
	undo_send_seconds int   not null default 5 check (undo_send_seconds between 0 and 30),
	updated_at  timestamptz not null default now()
);

create table trusted_image_senders (
	user_id  bigint not null references users (id) on delete cascade,
	address  text   not null check (address = lower(address)),
	primary key (user_id, address)
);

-- Tokens are random 256-bit values shown once; only their SHA-256 is kept.
create table api_tokens (
	id            bigint generated always as identity primary key,
	user_id       bigint      not null references users (id) on delete cascade,
	name          text        not null check (name <> ''),
	token_hash    bytea       not null unique,
	-- The first characters, shown in lists so the user can tell tokens apart.
	token_prefix  text        not null,
	created_at    timestamptz not null default now(),
	last_used_at  timestamptz,
	revoked_at    timestamptz
);

create index api_tokens_user_idx on api_tokens (user_id);

-- Spring Security's JdbcTokenRepositoryImpl schema for remember-me logins.
create table persistent_logins (
	username   varchar(320) not null,
	series     varchar(64)  primary key,
	token      varchar(64)  not null,
	last_used  timestamp    not null
);

-- Mail sent from the webmail or the API that waits for its send time: a few seconds for
-- "undo send", or a scheduled time (REST API send_at). The composed message is stored
-- already (held under the holder 'outbox:<id>'); at send_at it goes to the submission
-- service like any other mail, and until then it can be cancelled.
create table outbox (
	id          bigint generated always as identity primary key,
	user_id     bigint      not null references users (id) on delete cascade,
	content_id  bigint      not null references message_contents (id) on delete restrict,
	sender      text        not null,
	recipients  text[]      not null check (cardinality(recipients) > 0),
	send_at     timestamptz not null,
	-- The draft the message was sent from, reopened when the user undoes the send.
	draft_message_id bigint,
	created_at  timestamptz not null default now()
);

create index outbox_due_idx on outbox (send_at);
create index outbox_user_idx on outbox (user_id);
