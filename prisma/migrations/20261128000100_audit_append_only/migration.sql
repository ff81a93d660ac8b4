-- The audit log is append-only: rows can never be updated, and deleted only when a whole
-- workspace is removed (the cascade sets conveyor.allow_audit_delete in its transaction).
CREATE OR REPLACE FUNCTION conveyor_audit_events_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit_events is append-only (UPDATE refused)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' AND coalesce(current_setting('conveyor.allow_audit_delete', true), '') <> 'on' THEN
    RAISE EXCEPTION 'audit_events is append-only (DELETE refused)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION conveyor_audit_events_guard();
