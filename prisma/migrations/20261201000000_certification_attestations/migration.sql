-- Attestation push state per certification statement: a push that failed is retried later from
-- this row, so the statement is never lost when the attestation repository is down.
ALTER TABLE "certifications" ADD COLUMN "attestation_pushed_at" TIMESTAMP(3);
ALTER TABLE "certifications" ADD COLUMN "attestation_attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "certifications" ADD COLUMN "attestation_error" TEXT;
