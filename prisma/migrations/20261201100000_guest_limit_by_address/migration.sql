-- A guest's registration counts that address's unconfirmed registrations of the last day
-- (touchstone_register_batch). PL/pgSQL keeps a plan for that query for the life of each
-- connection, made on its first use: on a new database, with the table still empty, the
-- planner rated the index of every unconfirmed registration by time as good as the address's
-- index, took it, and so read all of the day's unconfirmed registrations for each person who
-- registered (bench:registration: 3.1 million index entries for 3,500 registrations, most of
-- the database's time, until autovacuum's first ANALYZE made it plan again).
-- One index now answers the whole question (the address, unconfirmed, since when), and the
-- index by confirmation and time goes: its only user, releasing places not confirmed in time
-- (releaseUnconfirmedPlaces), asks only about meetings still to come, a few hundred registrations
-- each, which it reaches by the meeting (Registration_meetingId_status_createdAt_idx).
DROP INDEX "Registration_email_idx";
DROP INDEX "Registration_emailConfirmedAt_createdAt_idx";
CREATE INDEX "Registration_email_emailConfirmedAt_createdAt_idx" ON "Registration"("email", "emailConfirmedAt", "createdAt");
