-- Outbound delivery: a worker leases the rows it is delivering, so a process killed mid-delivery
-- leaves rows whose lease runs out and another worker (or the next start) tries them again.
alter table outbound_queue add column locked_until timestamptz;
alter table outbound_queue add column last_attempt_at timestamptz;
alter table outbound_queue add column delivered_at timestamptz;

create index outbound_queue_leased_idx on outbound_queue (locked_until) where state = 'delivering';
