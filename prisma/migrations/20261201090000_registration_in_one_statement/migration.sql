-- Registering in one round trip (ADR 033). The app keeps, per process, the meeting as it last
-- read it and composes the emails from that copy; the batch statement checks under the meeting's
-- row lock that the copy is still the meeting (its digest), and answers 'stale' otherwise, so a
-- changed meeting is read again and nobody is emailed details that were no longer true. The
-- checks that needed a second query before the batch (a guest's unconfirmed registrations of the
-- day, a form already answered) are made here, per person.

-- What the app read of a meeting to register someone: every column of meetingSelect. Times as
-- epoch milliseconds, so the digest does not depend on the session's time zone.
CREATE FUNCTION touchstone_meeting_digest(m "Meeting") RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT md5(jsonb_build_array(
    m.id, m.slug, m.title, m.description, extract(epoch FROM m."startsAt") * 1000, extract(epoch FROM m."endsAt") * 1000,
    m."venueName", m."venueAddress", m."onlineUrl", m.capacity,
    extract(epoch FROM m."registrationOpensAt") * 1000, extract(epoch FROM m."registrationClosesAt") * 1000)::TEXT)
$$;

DROP FUNCTION touchstone_register_batch(TEXT, JSONB, TEXT, TEXT);
-- p_people: as before (migration 20261130180000), less the calendar file, which every
-- confirmation of the batch carries and which comes once, as p_attachments.
-- New outcomes: 'stale' for everyone when the meeting is gone or no longer matches p_digest;
-- 'answered' when the person's idempotency key already has an answer (a repeated form);
-- 'guest-limit' when a guest's address has p_guest_limit unconfirmed registrations of the last p_guest_window_ms.
CREATE FUNCTION touchstone_register_batch(
  p_meeting_id TEXT, p_digest TEXT, p_people JSONB, p_attachments JSONB, p_code_slot TEXT, p_position_slot TEXT,
  p_guest_window_ms INTEGER, p_guest_limit INTEGER
)
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
  v_digest TEXT;
BEGIN
  -- Locked once, by the batch's own transaction: a person's rolled-back subtransaction must not
  -- take the lock with it. touchstone_register's own FOR UPDATE then finds it already held.
  SELECT touchstone_meeting_digest(m) INTO v_digest FROM "Meeting" m WHERE m.id = p_meeting_id FOR UPDATE;
  IF v_digest IS DISTINCT FROM p_digest THEN
    RETURN QUERY SELECT t.n::INTEGER, 'stale'::TEXT, NULL::TEXT, NULL::TEXT, NULL::"RegistrationStatus", NULL::INTEGER, NULL::TEXT
      FROM jsonb_array_elements(p_people) WITH ORDINALITY AS t(value, n);
    RETURN;
  END IF;
  SELECT max(r."createdAt") INTO v_latest FROM "Registration" r WHERE r."meetingId" = p_meeting_id AND r.status IN ('CONFIRMED', 'WAITING');
  FOR v_person, v_ordinal IN SELECT t.value, t.n::INTEGER FROM jsonb_array_elements(p_people) WITH ORDINALITY AS t(value, n) ORDER BY t.n LOOP
    ordinal := v_ordinal; outcome := 'duplicate'; id := NULL; code := NULL; status := NULL; "position" := NULL; failure := NULL;
    IF v_person->>'key' IS NOT NULL AND EXISTS (
      SELECT 1 FROM "IdempotentRequest" k WHERE k.owner = v_person->>'owner' AND k.key = v_person->>'key' AND k.result IS NOT NULL
    ) THEN
      outcome := 'answered';
    ELSIF v_person->>'userId' IS NULL AND (
      SELECT count(*) FROM "Registration" g WHERE g.email = v_person->>'email' AND g."emailConfirmedAt" IS NULL AND g."createdAt" > now() - p_guest_window_ms * interval '1 millisecond'
    ) >= p_guest_limit THEN
      outcome := 'guest-limit';
    ELSE
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
                    || CASE WHEN v_registered.status = 'CONFIRMED' THEN jsonb_build_object('attachments', p_attachments) ELSE '{}'::JSONB END,
                  CASE WHEN (v_person->>'queued')::BOOLEAN THEN NULL ELSE now() END);
          v_latest := v_at;
          outcome := 'registered'; id := v_registered.id; code := v_registered.code; status := v_registered.status; "position" := v_registered."position";
        END IF;
      EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        outcome := CASE v_constraint WHEN 'IdempotentRequest_pkey' THEN 'key-taken' WHEN 'Registration_code_key' THEN 'code-taken' ELSE 'failed' END;
        failure := SQLSTATE || ': ' || SQLERRM;
      END;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$;
