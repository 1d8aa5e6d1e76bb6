-- Re-certification after advisory imports: every grade change of a listing version, oldest first
-- ({at, from, to, advisoryImportId}), so the listing can show when and why its grade moved.
ALTER TABLE "listing_versions" ADD COLUMN "grade_history" JSONB NOT NULL DEFAULT '[]';
-- The advisory import a listing version was last re-scanned against (re-running the same one is a no-op).
ALTER TABLE "listing_versions" ADD COLUMN "rescanned_import_id" TEXT;
-- Vendors are told once per statement that a certification is about to run out.
ALTER TABLE "certifications" ADD COLUMN "expiry_notified_at" TIMESTAMP(3);
