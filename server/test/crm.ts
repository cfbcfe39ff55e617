import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database } from '../src/db/client.ts';
import type { Contact } from '../src/crm/contacts/contact.schema.ts';
import type { Customer } from '../src/crm/customers/customer.schema.ts';
import { organizations } from '../src/identity/orgs/org.tables.ts';
import { defaultRecoveryRule, defaultSecurityPolicy } from '../src/identity/orgs/security-policy.schema.ts';
import { users } from '../src/identity/users/user.tables.ts';
import { buildTestApp, createMember, setupOrganization, STRONG_PASSWORD, type TestApp, type TestClient } from './app.ts';

/** A signed-in member of the CRM fixture. */
export interface CrmMember {
  client: TestClient;
  id: string;
  email: string;
  name: string;
}

/**
 * The CRM fixture, for the surrounding `describe`: owner, an admin, two teams (North: manager + sales A,
 * South: manager + sales B), a salesperson in no team and a viewer, plus one member of another organisation.
 */
export interface CrmOrganization {
  readonly testApp: TestApp;
  readonly db: Database;
  readonly owner: CrmMember;
  readonly admin: CrmMember;
  readonly managerNorth: CrmMember;
  readonly salesA: CrmMember;
  readonly managerSouth: CrmMember;
  readonly salesB: CrmMember;
  readonly loner: CrmMember;
  readonly viewer: CrmMember;
  /** The owner of a second organisation on the same server. */
  readonly foreigner: CrmMember;
  readonly teams: { north: string; south: string };
}

/** `environment`: extra server settings for this file's app (e.g. DATA_DIR for tests that store attachments). */
export function useCrmOrganization(environment: Record<string, string> = {}): CrmOrganization {
  let state: Omit<CrmOrganization, 'db'> | undefined;
  beforeAll(async () => {
    const testApp = await buildTestApp(environment);
    const { owner, ownerEmail } = await setupOrganization(testApp, { name: 'Wang Li' });
    const session = (await owner.get('/api/auth/session')).json<{ user: { id: string } }>();
    const add = async (email: string, name: string, role: string): Promise<CrmMember> => {
      const created = await createMember(testApp, owner, { email, name, role });
      return { ...created, email, name };
    };
    const admin = await add('admin@acme.test', 'Ada Admin', 'admin');
    const managerNorth = await add('north.manager@acme.test', 'Nora North', 'manager');
    const salesA = await add('sales.a@acme.test', 'Alice Sales', 'sales');
    const managerSouth = await add('south.manager@acme.test', 'Sam South', 'manager');
    const salesB = await add('sales.b@acme.test', 'Bob Sales', 'sales');
    const loner = await add('loner@acme.test', 'Leo Loner', 'sales');
    const viewer = await add('viewer@acme.test', 'Vera Viewer', 'viewer');
    const team = async (name: string, members: string[]) => {
      const created = await owner.post('/api/teams', { name });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      const put = await owner.request('PUT', `/api/teams/${id}/members`, { userIds: members });
      expect(put.statusCode, put.body).toBe(200);
      return id;
    };
    const north = await team('North', [managerNorth.id, salesA.id]);
    const south = await team('South', [managerSouth.id, salesB.id]);
    const foreigner = await createForeignOrganization(testApp);
    state = {
      testApp,
      owner: { client: owner, id: session.user.id, email: ownerEmail, name: 'Wang Li' },
      admin,
      managerNorth,
      salesA,
      managerSouth,
      salesB,
      loner,
      viewer,
      foreigner,
      teams: { north, south },
    };
  });
  afterAll(async () => {
    await state?.testApp.close();
  });
  const started = () => {
    if (!state) throw new Error('the CRM fixture is not built yet');
    return state;
  };
  return {
    get testApp() {
      return started().testApp;
    },
    get db() {
      return started().testApp.context.database.db;
    },
    get owner() {
      return started().owner;
    },
    get admin() {
      return started().admin;
    },
    get managerNorth() {
      return started().managerNorth;
    },
    get salesA() {
      return started().salesA;
    },
    get managerSouth() {
      return started().managerSouth;
    },
    get salesB() {
      return started().salesB;
    },
    get loner() {
      return started().loner;
    },
    get viewer() {
      return started().viewer;
    },
    get foreigner() {
      return started().foreigner;
    },
    get teams() {
      return started().teams;
    },
  };
}

/** First-run setup happens once per server, so a second organisation is written directly, then signs in normally. */
export async function createForeignOrganization(testApp: TestApp): Promise<CrmMember> {
  const db = testApp.context.database.db;
  const [organization] = await db
    .insert(organizations)
    .values({ name: 'Globex', defaultLocale: 'en', securityPolicy: { ...defaultSecurityPolicy, recovery: defaultRecoveryRule('en') } })
    .returning();
  if (!organization) throw new Error('organisation not created');
  const email = 'owner@globex.test';
  const [user] = await db
    .insert(users)
    .values({
      orgId: organization.id,
      email,
      name: 'Greta Globex',
      role: 'owner',
      status: 'active',
      locale: 'en',
      emailVerifiedAt: new Date(),
      passwordHash: await testApp.context.identity.hasher.hash(STRONG_PASSWORD),
      passwordChangedAt: new Date(),
    })
    .returning();
  if (!user) throw new Error('user not created');
  const client = testApp.client();
  const login = await client.login(email, STRONG_PASSWORD);
  if (login.statusCode !== 200) throw new Error(`foreign sign-in failed: ${login.statusCode} ${login.body}`);
  return { client, id: user.id, email, name: user.name };
}

let sequence = 0;

/** A unique company name (the duplicate check would otherwise stop the second customer of a test). */
export function uniqueName(prefix = 'Customer'): string {
  sequence += 1;
  return `${prefix} ${sequence} ${Math.random().toString(36).slice(2, 8)}`;
}

export async function createCustomer(client: TestClient, input: Record<string, unknown> = {}): Promise<Customer> {
  const response = await client.post('/api/customers', { name: uniqueName(), ...input });
  if (response.statusCode !== 201) throw new Error(`customer not created: ${response.statusCode} ${response.body}`);
  return response.json<Customer>();
}

export async function createContact(client: TestClient, customerId: string, input: Record<string, unknown> = {}): Promise<Contact> {
  const response = await client.post('/api/contacts', { customerId, name: uniqueName('Contact'), ...input });
  if (response.statusCode !== 201) throw new Error(`contact not created: ${response.statusCode} ${response.body}`);
  return response.json<Contact>();
}

export function errorOf(response: LightMyRequestResponse): { status: number; code: string | undefined } {
  return { status: response.statusCode, code: response.json<{ error?: { code?: string } }>().error?.code };
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
  total?: number | null;
}

/** Follows nextCursor to the end; fails on a non-200 page or a runaway loop. */
export async function collectPages<Item>(client: TestClient, path: string, query: Record<string, string | number>): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
    if (cursor) search.set('cursor', cursor);
    const response = await client.get(`${path}?${search.toString()}`);
    if (response.statusCode !== 200) throw new Error(`page failed: ${response.statusCode} ${response.body}`);
    const page = response.json<Page<Item>>();
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}
