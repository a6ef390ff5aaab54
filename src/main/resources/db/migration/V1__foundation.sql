-- Mailroom's foundation schema. Designed for IMAP from the start (RFC 3501 UIDs and UIDVALIDITY,
-- RFC 7162 mod-sequences, RFC 6154 special-use folders) so later features add to it instead of
-- rewriting it. Addresses are stored lower-cased; the application normalises before writing.

create table domains (
	id          bigint generated always as identity primary key,
	name        text        not null unique check (name = lower(name) and name <> ''),
	created_at  timestamptz not null default now()
);

create table users (
	id             bigint generated always as identity primary key,
	email          text        not null unique check (email = lower(email) and position('@' in email) > 1),
	domain_id      bigint      not null references domains (id) on delete restrict,
	display_name   text,
	password_hash  text        not null,
	admin          boolean     not null default false,
	-- bytes; 0 means unlimited
	quota_bytes    bigint      not null default 0 check (quota_bytes >= 0),
	created_at     timestamptz not null default now()
);

create index users_domain_idx on users (domain_id);

create table aliases (
	id          bigint generated always as identity primary key,
	email       text        not null unique check (email = lower(email) and position('@' in email) > 1),
	domain_id   bigint      not null references domains (id) on delete restrict,
	user_id     bigint      not null references users (id) on delete cascade,
	created_at  timestamptz not null default now()
);

create index aliases_user_idx on aliases (user_id);

-- Folders (IMAP mailboxes). uidvalidity, uidnext and highest_modseq are RFC 3501/7162 state.
create table folders (
	id              bigint generated always as identity primary key,
	user_id         bigint      not null references users (id) on delete cascade,
	parent_id       bigint      references folders (id) on delete cascade,
	name            text        not null check (name <> '' and position('/' in name) = 0),
	role            text        check (role in ('inbox', 'sent', 'drafts', 'trash', 'junk', 'archive')),
	uidvalidity     bigint      not null check (uidvalidity between 1 and 4294967295),
	uidnext         bigint      not null default 1 check (uidnext >= 1),
	highest_modseq  bigint      not null default 1 check (highest_modseq >= 1),
	subscribed      boolean     not null default true,
	created_at      timestamptz not null default now(),
	unique nulls not distinct (user_id, parent_id, name)
);

-- UIDVALIDITY must differ for every mailbox ever created under a name (RFC 3501 2.3.1.1); a
-- sequence started at the current Unix time gives strictly increasing values across restarts.
create sequence folder_uidvalidity maxvalue 4294967295;
select setval('folder_uidvalidity', extract(epoch from now())::bigint);

create unique index folders_role_idx on folders (user_id, role) where role is not null;
create index folders_parent_idx on folders (parent_id);

-- The raw RFC 5322 bytes of a delivered message, stored once however many mailboxes hold a copy,
-- with the summary parsed from them. Raw bytes live in chunks so a 50 MB message streams in and
-- out without being held whole, and an IMAP partial fetch reads only the chunks it needs.
create table message_contents (
	id               bigint generated always as identity primary key,
	size             bigint      not null check (size >= 0),
	sha256           bytea       not null,
	from_list        jsonb       not null default '[]',
	to_list          jsonb       not null default '[]',
	cc_list          jsonb       not null default '[]',
	reply_to_list    jsonb       not null default '[]',
	subject          text        not null default '',
	sent_date        timestamptz,
	message_id       text,
	in_reply_to      text,
	references_ids   text[]      not null default '{}',
	preview          text        not null default '',
	has_attachments  boolean     not null default false,
	created_at       timestamptz not null default now()
);

create table message_chunks (
	content_id  bigint not null references message_contents (id) on delete cascade,
	seq         int    not null check (seq >= 0),
	data        bytea  not null,
	primary key (content_id, seq)
);

-- Stored out of line but uncompressed: compressing every delivery costs more CPU than the disk it
-- saves, and substring() on uncompressed values reads only the pages it needs.
alter table message_chunks alter column data set storage external;

create sequence thread_ids;

-- A message in one folder: the IMAP view of a shared content row.
-- Small deliveries are written in batches with their UIDs (one statement, folder rows locked in
-- id order). Large messages and mail with remote recipients are inserted without a UID
-- (pending) in the delivering transaction; right after, a batched transaction gives all pending
-- messages of the folder their UIDs and mod-sequence under the same folder row locks. Readers
-- (IMAP, webmail) see only messages with a UID, so UIDs appear in ascending order.
create table messages (
	id             bigint generated always as identity primary key,
	user_id        bigint      not null references users (id) on delete cascade,
	folder_id      bigint      not null references folders (id) on delete cascade,
	content_id     bigint      not null references message_contents (id) on delete restrict,
	uid            bigint      check (uid between 1 and 4294967295),
	internal_date  timestamptz not null,
	size           bigint      not null check (size >= 0),
	seen           boolean     not null default false,
	answered       boolean     not null default false,
	flagged        boolean     not null default false,
	deleted        boolean     not null default false,
	draft          boolean     not null default false,
	keywords       text[]      not null default '{}',
	modseq         bigint      check (modseq >= 1),
	thread_id      bigint      not null,
	unique (folder_id, uid),
	check ((uid is null) = (modseq is null))
);

create index messages_pending_idx on messages (folder_id, id) where uid is null;

create index messages_user_thread_idx on messages (user_id, thread_id);
create index messages_folder_date_idx on messages (folder_id, internal_date desc, id desc);
create index messages_folder_modseq_idx on messages (folder_id, modseq);
create index messages_content_idx on messages (content_id);
create index message_contents_message_id_idx on message_contents (message_id) where message_id is not null;
