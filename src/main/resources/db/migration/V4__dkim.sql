-- DKIM signing keys, one per local domain, generated on first use (RFC 6376).
create table dkim_keys (
	domain       text        primary key references domains (name) on delete cascade,
	selector     text        not null,
	private_key  bytea       not null,  -- PKCS#8 DER
	public_key   bytea       not null,  -- X.509 SubjectPublicKeyInfo DER, published in DNS
	created_at   timestamptz not null default now()
);
