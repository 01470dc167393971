-- Emails about a meeting registration record it (OutboxEmail."registrationId"), and the account
-- they went to when there is one ("recipientId", which registering in one statement left out):
-- when a guest's registration is anonymised (retention rule guestRegistrations) the address goes
-- from its emails too, and erasing an account deletes the registration emails sent to it even
-- when its address was never confirmed.
ALTER TABLE "OutboxEmail" ADD COLUMN "registrationId" TEXT;
CREATE INDEX "OutboxEmail_registrationId_idx" ON "OutboxEmail"("registrationId");

-- Earlier registration emails: to the registration's address, naming its meeting ("Your place
-- at <title>", "You are on the waiting list for <title>", "Reminder: <title>, <date>"); the
-- longest matching title wins when one meeting's title contains another's.
UPDATE "OutboxEmail" e SET "registrationId" = a.id, "recipientId" = coalesce(e."recipientId", a."userId")
FROM (
  SELECT DISTINCT ON (e2.id) e2.id AS "emailId", r.id, r."userId"
  FROM "OutboxEmail" e2
  JOIN "Registration" r ON r.email = e2."to"
  JOIN "Meeting" m ON m.id = r."meetingId"
  WHERE e2."registrationId" IS NULL AND e2.subject ~ '^(Your place at |You are on the waiting list for |Reminder: )' AND strpos(e2.subject, m.title) > 0
  ORDER BY e2.id, length(m.title) DESC
) a
WHERE e.id = a."emailId";

-- Guests whose registration was anonymised already: their emails lose the address now.
UPDATE "OutboxEmail" e SET "to" = r.email, "message" = jsonb_set(e."message", '{to}', to_jsonb(r.email))
FROM "Registration" r
WHERE e."registrationId" = r.id AND r."anonymisedAt" IS NOT NULL AND e."to" <> r.email;

-- As in 20261201120000, except that the email records its account and registration.
CREATE OR REPLACE FUNCTION touchstone_register_batch(
  p_meeting_id TEXT, p_digest TEXT, p_people JSONB, p_templates JSONB, p_attachments JSONB, p_slots JSONB,
  p_guest_window_ms INTEGER, p_guest_limit INTEGER
)
RETURNS TABLE (ordinal INTEGER, outcome TEXT, id TEXT, code TEXT, status "RegistrationStatus", "position" INTEGER, failure TEXT)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_person JSONB;
  v_ordinal INTEGER;
  v_places INTEGER;
  v_status "RegistrationStatus";
  v_id TEXT;
  v_code TEXT;
  v_position INTEGER;
  v_email JSONB;
  v_text TEXT;
  v_constraint TEXT;
  v_capacity INTEGER;
  v_digest TEXT;
  v_confirmed INTEGER;
  v_waiting INTEGER;
  v_latest TIMESTAMPTZ;
  v_at TIMESTAMPTZ;
BEGIN
  -- The lock every change to who has a place takes (cancelling, promoting, capacity), taken once
  -- by the batch's own transaction, so a person's rolled-back subtransaction cannot release it.
  SELECT m.capacity, touchstone_meeting_digest(m) INTO v_capacity, v_digest FROM "Meeting" m WHERE m.id = p_meeting_id FOR UPDATE;
  IF v_digest IS DISTINCT FROM p_digest THEN
    RETURN QUERY SELECT t.n::INTEGER, 'stale'::TEXT, NULL::TEXT, NULL::TEXT, NULL::"RegistrationStatus", NULL::INTEGER, NULL::TEXT
      FROM jsonb_array_elements(p_people) WITH ORDINALITY AS t(value, n);
    RETURN;
  END IF;
  -- Counted once, under the lock; kept below as each person is registered. A guest's place not
  -- yet confirmed by email counts: it is held for them.
  SELECT COALESCE(SUM(r.places) FILTER (WHERE r.status = 'CONFIRMED'), 0), count(*) FILTER (WHERE r.status = 'WAITING'), max(r."createdAt")
  INTO v_confirmed, v_waiting, v_latest
  FROM "Registration" r WHERE r."meetingId" = p_meeting_id AND r.status IN ('CONFIRMED', 'WAITING');
  FOR v_person, v_ordinal IN SELECT t.value, t.n::INTEGER FROM jsonb_array_elements(p_people) WITH ORDINALITY AS t(value, n) ORDER BY t.n LOOP
    ordinal := v_ordinal; outcome := 'duplicate'; id := NULL; code := NULL; status := NULL; "position" := NULL; failure := NULL;
    IF v_person->>'key' IS NOT NULL AND EXISTS (
      SELECT 1 FROM "IdempotentRequest" k WHERE k.owner = v_person->>'owner' AND k.key = v_person->>'key' AND k.result IS NOT NULL
    ) THEN
      outcome := 'answered';
    ELSIF v_person->>'userId' IS NULL AND (
      SELECT count(*) FROM "Registration" g
      WHERE g.email = v_person->>'email' AND g."emailConfirmedAt" IS NULL AND g."createdAt" > now() - p_guest_window_ms * interval '1 millisecond'
    ) >= p_guest_limit THEN
      outcome := 'guest-limit';
    ELSE
      v_places := (v_person->>'places')::INTEGER;
      v_status := CASE WHEN v_confirmed + v_places <= v_capacity THEN 'CONFIRMED' ELSE 'WAITING' END;
      -- The waiting list is ordered by this time (milliseconds): each person's is a millisecond
      -- after the one before at least, so the order of createdAt is the order of registering.
      v_at := greatest(clock_timestamp()::TIMESTAMPTZ(3), v_latest + interval '1 millisecond');
      v_id := NULL;
      -- Each person in a subtransaction: a duplicate, a key taken meanwhile or a code clash
      -- affects that person alone; their registration, key's answer and email stay or go together.
      BEGIN
        INSERT INTO "Registration" AS r (id, "meetingId", "userId", name, email, code, "cancelTokenHash", status, places, "accessNeeds", "accessOther",
                                         "createdAt", "confirmedAt", "emailConfirmedAt", "emailTokenHash")
        VALUES (v_person->>'id', p_meeting_id, v_person->>'userId', v_person->>'name', v_person->>'email', v_person->>'code', v_person->>'cancelTokenHash',
                v_status, v_places, ARRAY(SELECT jsonb_array_elements_text(v_person->'accessNeeds')), v_person->>'accessOther',
                v_at, CASE WHEN v_status = 'CONFIRMED' THEN v_at END, CASE WHEN (v_person->>'emailConfirmed')::BOOLEAN THEN v_at END, v_person->>'emailTokenHash')
        -- A cancelled registration may be taken up again, keeping its code; a live one is a
        -- duplicate, and nothing comes back.
        ON CONFLICT ("meetingId", email) DO UPDATE SET
          "userId" = EXCLUDED."userId", name = EXCLUDED.name, "cancelTokenHash" = EXCLUDED."cancelTokenHash", status = EXCLUDED.status,
          places = EXCLUDED.places, "accessNeeds" = EXCLUDED."accessNeeds", "accessOther" = EXCLUDED."accessOther",
          "createdAt" = EXCLUDED."createdAt", "confirmedAt" = EXCLUDED."confirmedAt", "cancelledAt" = NULL, "attendedAt" = NULL, "remindedAt" = NULL,
          "emailConfirmedAt" = EXCLUDED."emailConfirmedAt", "emailTokenHash" = EXCLUDED."emailTokenHash"
          WHERE r.status = 'CANCELLED'
        RETURNING r.id, r.code INTO v_id, v_code;
        IF v_id IS NOT NULL THEN
          -- Everyone waiting was added earlier under this lock, so this registration is last in the queue.
          v_position := CASE WHEN v_status = 'WAITING' THEN v_waiting + 1 END;
          IF v_person->>'key' IS NOT NULL THEN
            INSERT INTO "IdempotentRequest" (owner, key, scope, result)
            VALUES (v_person->>'owner', v_person->>'key', v_person->>'scope', jsonb_build_object('ok', true, 'registrationId', v_id, 'status', v_status));
          END IF;
          v_email := p_templates->(CASE WHEN v_status = 'CONFIRMED' THEN v_person->>'confirmedEmail' ELSE v_person->>'waitingEmail' END);
          v_text := replace(replace(replace(replace(v_email->>'text',
            p_slots->>'code', v_code), p_slots->>'position', coalesce(v_position::TEXT, '')), p_slots->>'links', v_person->>'links'), p_slots->>'name', v_person->>'name');
          INSERT INTO "OutboxEmail" (id, "to", subject, text, message, "sentAt", "recipientId", "registrationId")
          VALUES (v_person->>'emailId', v_person->>'email', v_email->>'subject', v_text,
                  jsonb_build_object('from', v_person->>'from', 'to', v_person->>'email', 'subject', v_email->>'subject', 'text', v_text)
                    || CASE WHEN v_status = 'CONFIRMED' THEN jsonb_build_object('attachments', p_attachments) ELSE '{}'::JSONB END,
                  CASE WHEN (v_person->>'queued')::BOOLEAN THEN NULL ELSE now() END, v_person->>'userId', v_id);
          -- Last in the block, after everything that can fail: variables are not rolled back with it.
          outcome := 'registered'; id := v_id; code := v_code; status := v_status; "position" := v_position;
          v_latest := v_at;
          IF v_status = 'CONFIRMED' THEN v_confirmed := v_confirmed + v_places; ELSE v_waiting := v_waiting + 1; END IF;
        END IF;
      EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        outcome := CASE v_constraint WHEN 'IdempotentRequest_pkey' THEN 'key-taken' WHEN 'Registration_code_key' THEN 'code-taken' ELSE 'failed' END;
        id := NULL; code := NULL; status := NULL; "position" := NULL;
        failure := SQLSTATE || ': ' || SQLERRM;
      END;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$;
