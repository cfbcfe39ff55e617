import pg from 'pg';
import { PasswordHasher } from '../server/src/identity/passwords/password-hashing.ts';
import { DEFAULT_STAGES } from '../server/src/crm/deals/pipeline.schema.ts';
import { customerSources, customerStatuses } from '../server/src/crm/customers/customer.schema.ts';
import { followUpTypes } from '../server/src/crm/follow-ups/follow-up.schema.ts';
import * as words from './crm-words.ts';

/** Contacts (0–4 per customer, 2 on average) and follow-ups (0–10, 5 on average) follow from the customers. */
export interface CrmScale {
  customers: number;
  /** One deal per this many customers. */
  dealEvery: number;
}

export interface SeededOrg {
  orgId: string;
  salesEmail: string;
  managerEmail: string;
}

/** Tables whose secondary indexes are dropped for the bulk load and rebuilt afterwards from their own definitions. */
const BULK_TABLES = ['crm_customers', 'crm_contacts', 'crm_follow_ups', 'crm_deals'];
const DAY_MS = 86_400_000;
const { textArray: list } = words;
/** `array[1 + (hash) % length]`, a pseudo-random pick that the same row always makes. */
const pick = (values: readonly string[], hash: string) => `(${list(values)})[(1 + (${hash}) % ${values.length})::int]`;

/**
 * 50 users: the owner made by first-run setup, 5 managers and 44 salespeople in 5 teams. Every account gets the same
 * real argon2id hash of `password` (one hash, as if each had chosen that password).
 */
async function seedPeople(client: pg.Client, password: string): Promise<SeededOrg & { ownerIds: string[] }> {
  const { rows: [org] } = await client.query<{ id: string }>('select id from organizations limit 1');
  if (!org) throw new Error('no organisation: run first-run setup before seeding');
  const passwordHash = await new PasswordHasher().hash(password);
  const { rows: teams } = await client.query<{ id: string }>(
    `insert into crm_teams (org_id, name) select $1, unnest($2::text[]) returning id`,
    [org.id, [...words.teamNames]],
  );
  const people = Array.from({ length: 49 }, (_unused, index) => {
    const team = index % 5;
    const manager = index < 5;
    const number = String(index - 4).padStart(2, '0');
    const surname = words.surnames[index % words.surnames.length] ?? '王';
    const given = words.givenNames[(index * 7) % words.givenNames.length] ?? '伟';
    return { team, email: manager ? `manager${team + 1}@acme.test` : `sales${number}@acme.test`, name: `${surname}${given}`, role: manager ? 'manager' : 'sales' };
  });
  const { rows: users } = await client.query<{ id: string; email: string }>(
    `insert into users (org_id, email, name, role, status, locale, password_hash, password_changed_at)
     select $1, email, name, role, 'active', 'zh-CN', $5, now() from unnest($2::text[], $3::text[], $4::text[]) as p(email, name, role)
     returning id, email`,
    [org.id, people.map((person) => person.email), people.map((person) => person.name), people.map((person) => person.role), passwordHash],
  );
  const teamOf = new Map(people.map((person) => [person.email, teams[person.team]?.id]));
  await client.query(
    `insert into crm_team_members (user_id, team_id, org_id) select unnest($1::uuid[]), unnest($2::uuid[]), $3`,
    [users.map((user) => user.id), users.map((user) => teamOf.get(user.email)), org.id],
  );
  await client.query(
    `insert into crm_pipeline_stages (org_id, key, kind, probability, position) select $1, key, kind, probability, position - 1
     from unnest($2::text[], $3::text[], $4::int[]) with ordinality as s(key, kind, probability, position)`,
    [org.id, DEFAULT_STAGES.map((stage) => stage.key), DEFAULT_STAGES.map((stage) => stage.kind), DEFAULT_STAGES.map((stage) => stage.probability)],
  );
  return { orgId: org.id, salesEmail: 'sales01@acme.test', managerEmail: 'manager1@acme.test', ownerIds: users.map((user) => user.id) };
}

/** One row per customer with everything its contacts, follow-ups and deals derive from (the single source of truth). */
function plannedCustomers(scale: CrmScale): string {
  const gapDays = `(3 + h % 20)`;
  return `create unlogged table bench_plan as
    select i, md5('customer' || i)::uuid as id, h, h2,
      case when i % 20 = 0 then null else ($1::uuid[])[1 + ((h / 7) % array_length($1::uuid[], 1))::int] end as owner,
      (i % 11)::int as follow_ups, (i % 5)::int as contacts,
      date_trunc('milliseconds', to_timestamp($2::bigint / 1000.0) - (h % (365::bigint * ${DAY_MS})) * interval '1 millisecond') as last_at,
      make_interval(days => ${gapDays}::int) as gap
    from (select i, (i::bigint * 2654435761) % 4294967296 as h, (i::bigint * 1103515245 + 12345) % 2147483648 as h2
          from generate_series(1, ${scale.customers}) as i) as numbers`;
}

function insertCustomers(): string {
  const chinese = `${pick(words.cities, 'h')} || ${pick(words.brandFirst, 'h / 20')} || ${pick(words.brandSecond, 'h / 800')} || ${pick(words.businesses, 'h / 32000')} || '有限公司'`;
  const english = `${pick(words.englishFirst, 'h')} || ' ' || ${pick(words.englishSecond, 'h / 30')} || ' ' || ${pick(words.englishSuffixes, 'h / 450')}`;
  const mobile = `${pick(words.mobilePrefixes, 'h2')} || lpad((h2 % 100000000)::text, 8, '0')`;
  const area = pick(words.areaCodes, 'h2 / 7');
  return `insert into crm_customers (id, org_id, owner_user_id, name, name_key, phone, phone_digits, website, website_domain, industry, level,
      source, status, address, tags, notes, last_follow_up_at, created_by, created_at, updated_at, version)
    select id, $1, owner, name, lower(replace(name, ' ', '')), phone, phone_digits, website, substr(website, 5),
      ${pick(words.industries, 'h / 13')}, (array['A', 'B', 'C', null])[(1 + (h / 3) % 4)::int], ${pick(customerSources, 'h / 11')},
      ${pick(customerStatuses, 'h / 17')}, ${pick(words.cities, 'h')} || ${pick(words.districts, 'h2 / 3')} || (1 + h2 % 999) || '号',
      case when i % 9 = 0 then array['重点客户'] else '{}'::text[] end, null,
      case when follow_ups > 0 then last_at end, owner, created, last_at, 1
    from (select *, last_at - gap * follow_ups - interval '30 days' as created,
            case when h % 10 < 7 then ${chinese} else ${english} end as name,
            case when h2 % 10 < 6 then substr(m, 1, 3) || ' ' || substr(m, 4, 4) || ' ' || substr(m, 8)
                 when h2 % 10 < 9 then ${area} || '-' || lpad((h2 % 100000000)::text, 8, '0') end as phone,
            case when h2 % 10 < 6 then '86' || m when h2 % 10 < 9 then '86' || substr(${area}, 2) || lpad((h2 % 100000000)::text, 8, '0') end as phone_digits,
            case when h % 3 = 0 then 'www.co' || i || '.com.cn' end as website
          from (select *, ${mobile} as m from bench_plan) as p) as c`;
}

function insertContacts(): string {
  const chinese = `${pick(words.surnames, 'h + j')} || ${pick(words.givenNames, 'h / 3 + j * 5')}`;
  const english = `${pick(words.englishGiven, 'h + j')} || ' ' || ${pick(words.englishFamily, 'h / 5 + j')}`;
  return `insert into crm_contacts (id, org_id, customer_id, name, title, mobile, email, wechat, is_primary, created_by, created_at, updated_at)
    select md5('contact' || i || '-' || j)::uuid, $1, id, case when (h + j) % 10 < 8 then ${chinese} else ${english} end,
      ${pick(words.titles, 'h / 3 + j')}, ${pick(words.mobilePrefixes, 'h2 + j')} || lpad(((h2 + j * 7919) % 100000000)::text, 8, '0'),
      'contact' || i || '.' || j || '@example.com', 'wx' || (h2 + j), j = 0, owner, last_at - gap * follow_ups - interval '30 days', last_at - gap * follow_ups
    from bench_plan cross join lateral generate_series(0, contacts - 1) as j`;
}

function insertFollowUps(): string {
  return `insert into crm_follow_ups (id, org_id, customer_id, contact_id, author_user_id, type, content, occurred_at, created_at, updated_at)
    select md5('follow-up' || i || '-' || j)::uuid, $1, id, case when contacts > 0 then md5('contact' || i || '-0')::uuid end,
      coalesce(owner, ($2::uuid[])[(1 + h % array_length($2::uuid[], 1))::int]), ${pick(followUpTypes, 'h + j')}, ${pick(words.followUpNotes, 'h / 7 + j')},
      last_at - gap * j, last_at - gap * j, last_at - gap * j
    from bench_plan cross join lateral generate_series(0, follow_ups - 1) as j`;
}

/** One deal per `every` customers: open in a stage, or won/lost with a close time in the last year. */
function insertDeals(every: number): string {
  return `insert into crm_deals (org_id, customer_id, owner_user_id, name, amount, currency, stage_id, probability, closed_at,
      lost_reason, stage_changed_at, created_by, created_at, updated_at)
    select $1, p.id, p.owner, ${pick(words.dealNames, 'h')}, (10000 + h2 % 990000)::numeric(18, 2), case when h % 10 = 0 then 'USD' else 'CNY' end,
      s.id, s.probability, case when s.kind <> 'open' then last_at end, case when s.kind = 'lost' then '预算不足' end, last_at, p.owner,
      last_at - interval '20 days', last_at
    from bench_plan p join lateral (select * from crm_pipeline_stages where org_id = $1 and position = (p.h / 5) % 6) as s on true
    where p.i % ${every} = 0`;
}

/** Seeds the organisation made by first-run setup: people, then the bulk tables with set-based SQL, then indexes and statistics. */
export async function seedCrm(databaseUrl: string, scale: CrmScale, password: string, log: (line: string) => void): Promise<SeededOrg> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const people = await seedPeople(client, password);
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes where schemaname = 'public' and tablename = any($1)
       and indexname not in (select conname from pg_constraint)`,
      [BULK_TABLES],
    );
    for (const index of indexes) await client.query(`drop index "${index.name}"`);
    // Foreign keys hold by construction; replica mode skips their per-row triggers during the load.
    await client.query(`set session_replication_role = replica; set maintenance_work_mem = '512MB'; set max_parallel_maintenance_workers = 1`);
    const steps: [string, string, unknown[]][] = [
      ['plan', plannedCustomers(scale), [people.ownerIds, Date.now()]],
      ['customers', insertCustomers(), [people.orgId]],
      ['contacts', insertContacts(), [people.orgId]],
      ['follow-ups', insertFollowUps(), [people.orgId, people.ownerIds]],
      ['deals', insertDeals(scale.dealEvery), [people.orgId]],
    ];
    for (const [label, text, values] of steps) {
      const started = performance.now();
      const result = await client.query(text, values);
      log(`${label}: ${result.rowCount ?? 0} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query('drop table bench_plan');
    const started = performance.now();
    for (const index of indexes) await client.query(index.definition);
    log(`${indexes.length} secondary indexes rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await client.query('set session_replication_role = origin');
    const vacuumStarted = performance.now();
    // A database that has been in use for a while has been vacuumed: visibility maps set, statistics current.
    for (const table of [...BULK_TABLES, 'users', 'crm_teams', 'crm_team_members', 'crm_pipeline_stages']) await client.query(`vacuum (analyze) ${table}`);
    log(`vacuum analyze in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    return people;
  } finally {
    await client.end();
  }
}
