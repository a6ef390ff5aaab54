-- Bytes of a content's header block, up to and including the empty line that ends it (all
-- of it when there is none), so IMAP header fetches read only those bytes of the first chunks
-- (substring() on the uncompressed chunks reads only the pages it needs). Null for contents
-- stored before this column existed: readers then scan the raw bytes.
alter table message_contents add column header_size bigint check (header_size >= 0 and header_size <= size);
