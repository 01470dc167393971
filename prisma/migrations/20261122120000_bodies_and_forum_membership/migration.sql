-- CreateEnum
CREATE TYPE "AppointmentMethod" AS ENUM ('ELECTION', 'EX_OFFICIO', 'APPOINTMENT', 'CO_OPTION');

-- CreateEnum
CREATE TYPE "MembershipStatus" AS ENUM ('PENDING', 'VERIFIED', 'DECLINED', 'ENDED');

-- CreateTable
CREATE TABLE "Appointment" (
    "id" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "userId" TEXT,
    "holderName" TEXT NOT NULL,
    "method" "AppointmentMethod" NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "endedOn" DATE,
    "endReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForumMembership" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "category" "ForumCategory" NOT NULL,
    "postcode" TEXT NOT NULL,
    "residentVerified" BOOLEAN NOT NULL DEFAULT false,
    "status" "MembershipStatus" NOT NULL DEFAULT 'PENDING',
    "appliedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" TEXT,
    "reason" TEXT,

    CONSTRAINT "ForumMembership_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Appointment_seatId_endedOn_idx" ON "Appointment"("seatId", "endedOn");

-- CreateIndex
CREATE UNIQUE INDEX "ForumMembership_userId_key" ON "ForumMembership"("userId");

-- CreateIndex
CREATE INDEX "ForumMembership_status_idx" ON "ForumMembership"("status");

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "SeatDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumMembership" ADD CONSTRAINT "ForumMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumMembership" ADD CONSTRAINT "ForumMembership_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
