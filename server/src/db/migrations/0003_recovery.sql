CREATE TABLE "recovery_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"purpose" text NOT NULL,
	"address" text NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recovery_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"channel_kind" text NOT NULL,
	"destination" text NOT NULL,
	"token_hash" text NOT NULL,
	"link_expires_at" timestamp with time zone NOT NULL,
	"proofs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"answer_attempts" integer DEFAULT 0 NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "recovery_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"identifier_hash" text NOT NULL,
	"kind" text NOT NULL,
	"ip" text,
	"sms_number" text,
	"sms_country" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"question_key" text,
	"custom_question" text,
	"answer_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"subject" text NOT NULL,
	"destination" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "frozen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "recovery_setup_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "reauthenticated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recovery_addresses" ADD CONSTRAINT "recovery_addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_challenges" ADD CONSTRAINT "recovery_challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_answers" ADD CONSTRAINT "security_answers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recovery_addresses_user_idx" ON "recovery_addresses" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_addresses_verified_key" ON "recovery_addresses" USING btree ("kind","address") WHERE verified_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_challenges_token_key" ON "recovery_challenges" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "recovery_challenges_user_idx" ON "recovery_challenges" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "recovery_requests_identifier_idx" ON "recovery_requests" USING btree ("identifier_hash","created_at");--> statement-breakpoint
CREATE INDEX "recovery_requests_ip_idx" ON "recovery_requests" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "recovery_requests_sms_idx" ON "recovery_requests" USING btree ("sms_country","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "security_answers_user_position_key" ON "security_answers" USING btree ("user_id","position");--> statement-breakpoint
CREATE INDEX "verification_codes_user_idx" ON "verification_codes" USING btree ("user_id","purpose");--> statement-breakpoint
UPDATE "organizations" SET "security_policy" = "security_policy" || jsonb_build_object('recovery', jsonb_build_object('codeDigits', 6, 'codeMinutes', 5, 'linkMinutes', 15, 'securityQuestions', false, 'requireTwoWaysBack', false, 'antiPhishingPhrase', '', 'phoneRegion', CASE WHEN "default_locale" = 'zh-CN' THEN 'CN' ELSE NULL END)) WHERE NOT ("security_policy" ? 'recovery');
