ALTER TABLE "sessions" ADD COLUMN "passkey_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "lost_factor_recovery" boolean DEFAULT false NOT NULL;