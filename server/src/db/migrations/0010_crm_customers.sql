-- pg_trgm backs the CRM's substring search (Chinese names too); the gin_trgm_ops indexes below need it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "crm_team_members" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_record_shares" (
	"org_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_record_shares_user_id_record_type_record_id_pk" PRIMARY KEY("user_id","record_type","record_id")
);
--> statement-breakpoint
CREATE TABLE "crm_customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"phone" text,
	"phone_digits" text,
	"website" text,
	"website_domain" text,
	"industry" text,
	"level" text,
	"source" text,
	"status" text DEFAULT 'potential' NOT NULL,
	"address" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"last_follow_up_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"mobile" text,
	"email" text,
	"wechat" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_record_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "crm_record_changes_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"customer_id" uuid,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"changes" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crm_team_members" ADD CONSTRAINT "crm_team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_team_members" ADD CONSTRAINT "crm_team_members_team_id_crm_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."crm_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_team_members" ADD CONSTRAINT "crm_team_members_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_teams" ADD CONSTRAINT "crm_teams_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_record_shares" ADD CONSTRAINT "crm_record_shares_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_record_shares" ADD CONSTRAINT "crm_record_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_customers" ADD CONSTRAINT "crm_customers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_customers" ADD CONSTRAINT "crm_customers_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_customers" ADD CONSTRAINT "crm_customers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_customers" ADD CONSTRAINT "crm_customers_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_customer_id_crm_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."crm_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_record_changes" ADD CONSTRAINT "crm_record_changes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_record_changes" ADD CONSTRAINT "crm_record_changes_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_team_members_team_idx" ON "crm_team_members" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_teams_org_name_key" ON "crm_teams" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "crm_record_shares_record_idx" ON "crm_record_shares" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "crm_customers_owner_follow_up_idx" ON "crm_customers" USING btree ("org_id","owner_user_id","last_follow_up_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_org_follow_up_idx" ON "crm_customers" USING btree ("org_id","last_follow_up_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_org_updated_idx" ON "crm_customers" USING btree ("org_id","updated_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_org_created_idx" ON "crm_customers" USING btree ("org_id","created_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_org_name_idx" ON "crm_customers" USING btree ("org_id","name","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_org_level_idx" ON "crm_customers" USING btree ("org_id","level","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_name_key_idx" ON "crm_customers" USING btree ("org_id","name_key") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_phone_digits_idx" ON "crm_customers" USING btree ("org_id","phone_digits") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_website_domain_idx" ON "crm_customers" USING btree ("org_id","website_domain" text_pattern_ops) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_customers_trash_idx" ON "crm_customers" USING btree ("org_id","deleted_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "crm_customers_name_trgm_idx" ON "crm_customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_customers_phone_digits_trgm_idx" ON "crm_customers" USING gin ("phone_digits" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_customers_tags_idx" ON "crm_customers" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "crm_contacts_customer_idx" ON "crm_contacts" USING btree ("customer_id","created_at") WHERE deleted_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_contacts_primary_key" ON "crm_contacts" USING btree ("customer_id") WHERE is_primary and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_org_name_idx" ON "crm_contacts" USING btree ("org_id","name","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_org_created_idx" ON "crm_contacts" USING btree ("org_id","created_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_org_updated_idx" ON "crm_contacts" USING btree ("org_id","updated_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_mobile_idx" ON "crm_contacts" USING btree ("org_id","mobile") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_email_idx" ON "crm_contacts" USING btree ("org_id","email" text_pattern_ops) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_name_trgm_idx" ON "crm_contacts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_contacts_mobile_trgm_idx" ON "crm_contacts" USING gin ("mobile" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_record_changes_customer_idx" ON "crm_record_changes" USING btree ("customer_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "crm_record_changes_record_idx" ON "crm_record_changes" USING btree ("record_type","record_id","seq" DESC NULLS LAST);