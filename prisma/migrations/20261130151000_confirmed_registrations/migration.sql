-- A guest's place is held until they open the link emailed to the address they gave; the
-- scheduler releases places not confirmed within 48 hours (ADR 017). Registrations made
-- before this change are treated as confirmed when they were made.
ALTER TABLE "Registration" ADD COLUMN "emailConfirmedAt" TIMESTAMPTZ(3);
ALTER TABLE "Registration" ADD COLUMN "emailTokenHash" TEXT;
UPDATE "Registration" SET "emailConfirmedAt" = "createdAt";
CREATE UNIQUE INDEX "Registration_emailTokenHash_key" ON "Registration"("emailTokenHash");
-- The scheduler's search for places to release.
CREATE INDEX "Registration_emailConfirmedAt_createdAt_idx" ON "Registration"("emailConfirmedAt", "createdAt");

-- The one-round-trip registration (ADR 011) now also records whether the address is already
-- proven (a signed-in person with a confirmed email) or waits for the emailed link (a guest).
DROP FUNCTION touchstone_register(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, INTEGER, TEXT[], TEXT);
CREATE FUNCTION touchstone_register(
  p_id TEXT, p_meeting_id TEXT, p_user_id TEXT, p_name TEXT, p_email TEXT, p_code TEXT,
  p_cancel_token_hash TEXT, p_places INTEGER, p_access_needs TEXT[], p_access_other TEXT,
  p_email_confirmed BOOLEAN, p_email_token_hash TEXT
) RETURNS TABLE (id TEXT, code TEXT, status "RegistrationStatus", "position" INTEGER)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_capacity INTEGER;
  v_confirmed INTEGER;
  v_status "RegistrationStatus";
  v_id TEXT;
  v_code TEXT;
BEGIN
  -- The same lock every change to who has a place takes (cancelling, promoting, capacity).
  SELECT m.capacity INTO v_capacity FROM "Meeting" m WHERE m.id = p_meeting_id FOR UPDATE;
  IF NOT FOUND THEN RETURN; END IF;
  -- A new statement, so its snapshot holds everything committed before the lock was granted.
  -- A guest's place not yet confirmed by email still counts: it is held for them.
  SELECT COALESCE(SUM(r.places), 0) INTO v_confirmed FROM "Registration" r WHERE r."meetingId" = p_meeting_id AND r.status = 'CONFIRMED';
  v_status := CASE WHEN v_confirmed + p_places <= v_capacity THEN 'CONFIRMED' ELSE 'WAITING' END;
  INSERT INTO "Registration" AS r (id, "meetingId", "userId", name, email, code, "cancelTokenHash", status, places, "accessNeeds", "accessOther", "createdAt", "confirmedAt",
                                   "emailConfirmedAt", "emailTokenHash")
  VALUES (p_id, p_meeting_id, p_user_id, p_name, p_email, p_code, p_cancel_token_hash, v_status, p_places, p_access_needs, p_access_other, clock_timestamp(),
          CASE WHEN v_status = 'CONFIRMED' THEN clock_timestamp() END,
          CASE WHEN p_email_confirmed THEN clock_timestamp() END, p_email_token_hash)
  -- A cancelled registration may be taken up again, keeping its code; a live one is a
  -- duplicate, and nothing comes back.
  ON CONFLICT ("meetingId", email) DO UPDATE SET
    "userId" = EXCLUDED."userId", name = EXCLUDED.name, "cancelTokenHash" = EXCLUDED."cancelTokenHash", status = EXCLUDED.status,
    places = EXCLUDED.places, "accessNeeds" = EXCLUDED."accessNeeds", "accessOther" = EXCLUDED."accessOther",
    "createdAt" = EXCLUDED."createdAt", "confirmedAt" = EXCLUDED."confirmedAt", "cancelledAt" = NULL, "attendedAt" = NULL, "remindedAt" = NULL,
    "emailConfirmedAt" = EXCLUDED."emailConfirmedAt", "emailTokenHash" = EXCLUDED."emailTokenHash"
    WHERE r.status = 'CANCELLED'
  RETURNING r.id, r.code INTO v_id, v_code;
  IF v_id IS NULL THEN RETURN; END IF;
  id := v_id;
  code := v_code;
  status := v_status;
  -- Everyone waiting was added earlier under this lock, so this registration is last in the queue.
  "position" := CASE WHEN v_status = 'WAITING'
    THEN (SELECT count(*) FROM "Registration" w WHERE w."meetingId" = p_meeting_id AND w.status = 'WAITING')::INTEGER END;
  RETURN NEXT;
END $$;
