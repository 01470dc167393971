-- Registering several people for one meeting in one statement (ADR 031). A burst of
-- registrations for one meeting is serialized on the meeting's row lock, and each used to hold
-- it until its own commit had been flushed to disk; the app now sends the people who arrive
-- while a batch is in flight as the next batch, so one lock and one flush serve them all.
--
-- p_people is a JSON array, in arrival order, of what touchstone_register needs for each person
-- plus their idempotency key and the two emails composed in the app (code and place in the
-- queue left as slots, filled here). Each person runs in their own subtransaction, so a
-- duplicate, a key already used or a code clash affects that person alone; their registration,
-- their key's answer and their email are kept or dropped together.
-- touchstone_register (migration 20261130151000) stamped each registration with
-- clock_timestamp(). The waiting list is ordered by that time (to the millisecond), and people
-- registered in one batch can fall in the same millisecond, so the batch now gives the time:
-- strictly later than anyone already registered for the meeting, in arrival order.
DROP FUNCTION touchstone_register(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, INTEGER, TEXT[], TEXT, BOOLEAN, TEXT);
CREATE FUNCTION touchstone_register(
  p_id TEXT, p_meeting_id TEXT, p_user_id TEXT, p_name TEXT, p_email TEXT, p_code TEXT,
  p_cancel_token_hash TEXT, p_places INTEGER, p_access_needs TEXT[], p_access_other TEXT,
  p_email_confirmed BOOLEAN, p_email_token_hash TEXT, p_created_at TIMESTAMPTZ
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
  VALUES (p_id, p_meeting_id, p_user_id, p_name, p_email, p_code, p_cancel_token_hash, v_status, p_places, p_access_needs, p_access_other, p_created_at,
          CASE WHEN v_status = 'CONFIRMED' THEN p_created_at END,
          CASE WHEN p_email_confirmed THEN p_created_at END, p_email_token_hash)
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

CREATE FUNCTION touchstone_register_batch(p_meeting_id TEXT, p_people JSONB, p_code_slot TEXT, p_position_slot TEXT)
RETURNS TABLE (ordinal INTEGER, outcome TEXT, id TEXT, code TEXT, status "RegistrationStatus", "position" INTEGER, failure TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_person JSONB;
  v_ordinal INTEGER;
  v_registered RECORD;
  v_email JSONB;
  v_text TEXT;
  v_constraint TEXT;
  v_latest TIMESTAMPTZ;
  v_at TIMESTAMPTZ;
BEGIN
  -- Locked once, by the batch's own transaction: a person's rolled-back subtransaction must not
  -- take the lock with it. touchstone_register's own FOR UPDATE then finds it already held.
  PERFORM 1 FROM "Meeting" m WHERE m.id = p_meeting_id FOR UPDATE;
  SELECT max(r."createdAt") INTO v_latest FROM "Registration" r WHERE r."meetingId" = p_meeting_id AND r.status IN ('CONFIRMED', 'WAITING');
  FOR v_person, v_ordinal IN SELECT t.value, t.n::INTEGER FROM jsonb_array_elements(p_people) WITH ORDINALITY AS t(value, n) ORDER BY t.n LOOP
    ordinal := v_ordinal; outcome := 'duplicate'; id := NULL; code := NULL; status := NULL; "position" := NULL; failure := NULL;
    -- The column keeps milliseconds: each person's time is a millisecond after the one before at least.
    v_at := greatest(clock_timestamp()::TIMESTAMPTZ(3), v_latest + interval '1 millisecond');
    BEGIN
      SELECT r.id, r.code, r.status, r."position" INTO v_registered
      FROM touchstone_register(v_person->>'id', p_meeting_id, v_person->>'userId', v_person->>'name', v_person->>'email', v_person->>'code',
        v_person->>'cancelTokenHash', (v_person->>'places')::INTEGER, ARRAY(SELECT jsonb_array_elements_text(v_person->'accessNeeds')),
        v_person->>'accessOther', (v_person->>'emailConfirmed')::BOOLEAN, v_person->>'emailTokenHash', v_at) r;
      -- Nothing back: this address already has a live registration for the meeting.
      IF v_registered.id IS NOT NULL THEN
        IF v_person->>'key' IS NOT NULL THEN
          INSERT INTO "IdempotentRequest" (owner, key, scope, result)
          VALUES (v_person->>'owner', v_person->>'key', v_person->>'scope',
                  jsonb_build_object('ok', true, 'registrationId', v_registered.id, 'status', v_registered.status));
        END IF;
        v_email := CASE WHEN v_registered.status = 'CONFIRMED' THEN v_person->'confirmedEmail' ELSE v_person->'waitingEmail' END;
        v_text := replace(replace(v_email->>'text', p_code_slot, v_registered.code), p_position_slot, coalesce(v_registered."position"::TEXT, ''));
        INSERT INTO "OutboxEmail" (id, "to", subject, text, message, "sentAt")
        VALUES (v_person->>'emailId', v_person->>'email', v_email->>'subject', v_text,
                jsonb_build_object('from', v_person->>'from', 'to', v_person->>'email', 'subject', v_email->>'subject', 'text', v_text)
                  || CASE WHEN v_registered.status = 'CONFIRMED' THEN jsonb_build_object('attachments', v_email->'attachments') ELSE '{}'::JSONB END,
                CASE WHEN (v_person->>'queued')::BOOLEAN THEN NULL ELSE now() END);
        v_latest := v_at;
        outcome := 'registered'; id := v_registered.id; code := v_registered.code; status := v_registered.status; "position" := v_registered."position";
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
      outcome := CASE v_constraint WHEN 'IdempotentRequest_pkey' THEN 'key-taken' WHEN 'Registration_code_key' THEN 'code-taken' ELSE 'failed' END;
      failure := SQLSTATE || ': ' || SQLERRM;
    END;
    RETURN NEXT;
  END LOOP;
END $$;
