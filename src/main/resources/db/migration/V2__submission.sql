-- Contents that must outlive their last folder copy, such as mail queued for remote
-- recipients. The mailbox module's sweep never deletes a held content.
create table content_holds (
	content_id  bigint not null references message_contents (id) on delete cascade,
	holder      text   not null,
	created_at  timestamptz not null default now(),
	primary key (content_id, holder)
);

-- Remote recipients waiting for the outbound SMTP client, one row per recipient.
create table outbound_queue (
	id               bigint generated always as identity primary key,
	content_id       bigint      not null references message_contents (id) on delete restrict,
	-- the envelope sender; '' is the null reverse-path of bounces
	sender           text        not null,
	recipient        text        not null,
	domain           text        not null,
	state            text        not null default 'queued'
		check (state in ('queued', 'delivering', 'delivered', 'deferred', 'bounced')),
	attempts         int         not null default 0,
	next_attempt_at  timestamptz not null default now(),
	last_reply       text,
	submitted_by     bigint      references users (id) on delete set null,
	created_at       timestamptz not null default now(),
	updated_at       timestamptz not null default now()
);

create index outbound_queue_due_idx on outbound_queue (next_attempt_at) where state in ('queued', 'deferred');
create index outbound_queue_content_idx on outbound_queue (content_id);
