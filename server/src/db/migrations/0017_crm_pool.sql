CREATE TABLE "crm_pool_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_pool_rules" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"claim_limit_per_day" integer,
	"return_after_days" integer,
	"notice_days" integer NOT NULL,
	"reclaim_cooldown_days" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crm_customers" ADD COLUMN "owned_since" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "crm_customers" ADD COLUMN "pool_notice_sent_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "crm_pool_events" ADD CONSTRAINT "crm_pool_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_pool_events" ADD CONSTRAINT "crm_pool_events_customer_id_crm_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."crm_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_pool_events" ADD CONSTRAINT "crm_pool_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_pool_events" ADD CONSTRAINT "crm_pool_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_pool_rules" ADD CONSTRAINT "crm_pool_rules_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_pool_rules" ADD CONSTRAINT "crm_pool_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_pool_events_user_idx" ON "crm_pool_events" USING btree ("user_id","kind","created_at");--> statement-breakpoint
CREATE INDEX "crm_pool_events_customer_idx" ON "crm_pool_events" USING btree ("customer_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "crm_customers_pool_idle_idx" ON "crm_customers" USING btree ("org_id",greatest(last_follow_up_at, owned_since)) WHERE deleted_at is null and owner_user_id is not null;