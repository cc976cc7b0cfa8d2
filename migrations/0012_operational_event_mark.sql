-- Herald's own operational events (herald.*) are marked when Herald emits them, so fan-out trusts
-- the mark and never a type name a client could choose.
ALTER TABLE events ADD COLUMN operational INTEGER NOT NULL DEFAULT 0;
