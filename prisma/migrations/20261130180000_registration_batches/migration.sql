-- Registering several people for one meeting in one statement (ADR 030). A burst of
-- registrations for one meeting is serialized on the meeting's row lock, and each used to hold
-- it until its own commit had been flushed to disk; the app now sends the people who arrive
-- while a batch is in flight as the next batch, so one lock and one flush serve them all.
--
-- p_people is a JSON array, in arrival order, of what touchstone_register needs for each person
-- plus their idempotency key and the two emails composed in the app (code and place in the
-- queue left as slots, filled here). Each person runs in their own subtransaction, so a
-- duplicate, a key already used or a code clash affects that person alone; their registration,
-- their key's answer and their email are kept or dropped together.
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
BEGIN
  -- Locked once, by the batch's own transaction: a person's rolled-back subtransaction must not
  -- take the lock with it. touchstone_register's own FOR UPDATE then finds it already held.
  PERFORM 1 FROM "Meeting" m WHERE m.id = p_meeting_id FOR UPDATE;
  FOR v_person, v_ordinal IN SELECT t.value, t.n::INTEGER FROM jsonb_array_elements(p_people) WITH ORDINALITY AS t(value, n) ORDER BY t.n LOOP
    ordinal := v_ordinal; outcome := 'duplicate'; id := NULL; code := NULL; status := NULL; "position" := NULL; failure := NULL;
    BEGIN
      SELECT r.id, r.code, r.status, r."position" INTO v_registered
      FROM touchstone_register(v_person->>'id', p_meeting_id, v_person->>'userId', v_person->>'name', v_person->>'email', v_person->>'code',
        v_person->>'cancelTokenHash', (v_person->>'places')::INTEGER, ARRAY(SELECT jsonb_array_elements_text(v_person->'accessNeeds')),
        v_person->>'accessOther', (v_person->>'emailConfirmed')::BOOLEAN, v_person->>'emailTokenHash') r;
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
