CREATE TABLE "crm_leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"name" text NOT NULL,
	"company" text,
	"phone" text,
	"phone_digits" text,
	"email" text,
	"source" text,
	"status" text DEFAULT 'new' NOT NULL,
	"unqualified_reason" text,
	"notes" text,
	"converted_at" timestamp (3) with time zone,
	"converted_by" uuid,
	"converted_customer_id" uuid,
	"converted_contact_id" uuid,
	"converted_deal_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_converted_by_users_id_fk" FOREIGN KEY ("converted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_converted_customer_id_crm_customers_id_fk" FOREIGN KEY ("converted_customer_id") REFERENCES "public"."crm_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_converted_contact_id_crm_contacts_id_fk" FOREIGN KEY ("converted_contact_id") REFERENCES "public"."crm_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_converted_deal_id_crm_deals_id_fk" FOREIGN KEY ("converted_deal_id") REFERENCES "public"."crm_deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_leads_owner_updated_idx" ON "crm_leads" USING btree ("org_id","owner_user_id","updated_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_leads_org_updated_idx" ON "crm_leads" USING btree ("org_id","updated_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_leads_org_created_idx" ON "crm_leads" USING btree ("org_id","created_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_leads_org_name_idx" ON "crm_leads" USING btree ("org_id","name","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_leads_org_status_idx" ON "crm_leads" USING btree ("org_id","status") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_leads_trash_idx" ON "crm_leads" USING btree ("org_id","deleted_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "crm_leads_name_trgm_idx" ON "crm_leads" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_leads_company_trgm_idx" ON "crm_leads" USING gin ("company" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_leads_phone_digits_trgm_idx" ON "crm_leads" USING gin ("phone_digits" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "crm_leads_email_trgm_idx" ON "crm_leads" USING gin ("email" gin_trgm_ops);