CREATE TABLE "sms_factors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"activates_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sms_factors" ADD CONSTRAINT "sms_factors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_factors_user_idx" ON "sms_factors" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_factors_user_phone_key" ON "sms_factors" USING btree ("user_id","phone") WHERE confirmed_at is not null;