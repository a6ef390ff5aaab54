-- REST API v1: idempotency keys, what the API sent (for deliveries and webhooks), and webhooks.

-- An Idempotency-Key of a user and the first answer given to it. status is null while the first
-- request still runs; a retry then gets 409. Rows older than mailroom.api.idempotency-ttl (24 h)
-- are deleted by a scheduled cleanup and no longer count.
create table api_idempotency_keys (
	user_id        bigint      not null references users (id) on delete cascade,
	idem_key       text        not null check (length(idem_key) between 1 and 256),
	-- SHA-256 of the method, path and body: the same key with another body is 422
	request_hash   bytea       not null,
	status         int,
	response_body  text,
	created_at     timestamptz not null default now(),
	primary key (user_id, idem_key)
);

create index api_idempotency_keys_created_idx on api_idempotency_keys (created_at);

-- A message sent with the API: its Message-ID (the send's public id), the whole envelope (Bcc
-- included, which the message itself does not carry), tags and metadata for webhooks, and either
-- the stored content (sent) or the outbox row (scheduled, until it goes or is cancelled).
create table api_sends (
	id            bigint generated always as identity primary key,
	user_id       bigint      not null references users (id) on delete cascade,
	message_id    text        not null,
	recipients    text[]      not null,
	tags          jsonb       not null default '[]',
	metadata      jsonb       not null default '{}',
	content_id    bigint,
	outbox_id     bigint,
	send_at       timestamptz,
	created_at    timestamptz not null default now(),
	unique (user_id, message_id)
);

create index api_sends_content_idx on api_sends (content_id) where content_id is not null;

-- Webhooks of a user: where to POST which events, and the secret they are signed with (kept as
-- it is: an HMAC needs it).
create table webhooks (
	id          bigint generated always as identity primary key,
	user_id     bigint      not null references users (id) on delete cascade,
	url         text        not null check (url ~ '^https?://'),
	secret      text        not null,
	events      text[]      not null,
	created_at  timestamptz not null default now()
);

create index webhooks_user_idx on webhooks (user_id);

-- One event for one webhook, retried with backoff until it is answered 2xx or gives up.
create table webhook_deliveries (
	id               bigint generated always as identity primary key,
	webhook_id       bigint      not null references webhooks (id) on delete cascade,
	event            text        not null,
	payload          text        not null,
	state            text        not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
	attempts         int         not null default 0,
	next_attempt_at  timestamptz not null default now(),
	last_status      int,
	last_error       text,
	created_at       timestamptz not null default now(),
	delivered_at     timestamptz
);

create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, id);
