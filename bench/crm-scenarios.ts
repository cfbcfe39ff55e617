import { getJson } from './crm-http.ts';
import { replay, type Statement } from './crm-sql.ts';
import type pg from 'pg';

/** One page view: phases run one after another, the requests of a phase at once (as the web app issues them). */
export type PageView = string[][];

export interface Scenario {
  name: string;
  /** Whose session makes the requests. */
  as: 'sales' | 'manager';
  /** Page views taken in rotation, so caches see more than one set of rows. */
  views: PageView[];
}

/** The statements the app ran for each request of a page view, captured once (bench/crm-sql.ts). */
export type CapturedView = Statement[][][];

const query = (parameters: Record<string, string>) => new URLSearchParams(parameters).toString();

/**
 * The measured pages, with the query parameters the web app sends (web/src/features/…/…-api.ts):
 * - the customer list of one salesperson (owner filter "me"), sorted by last follow-up, 50 rows;
 * - the same list searched by a Chinese name fragment, and by phone digits (the list's search box, default sort);
 * - the customer 360° page as it loads: one overview request with the customer, its follow-up timeline and the
 *   composer's contact and deal pickers (customer-overview.ts: the follow-ups tab is the default; the others load when
 *   opened);
 * - the sales funnel report (default period, 90 days) of a manager, whose scope is his team.
 */
export function scenarios(customerIds: string[]): Scenario[] {
  const list = `/api/customers?${query({ ownerId: 'me', sort: 'lastFollowUpAt', order: 'desc', limit: '50' })}`;
  const search = (term: string) => [[`/api/customers?${query({ q: term, limit: '50' })}`]];
  return [
    { name: 'customer list (owner = me, by last follow-up)', as: 'sales', views: [[[list]]] },
    { name: 'search by name fragment (4 Chinese chars)', as: 'sales', views: ['华信科技', '鼎盛贸易', '恒达电子'].map(search) },
    { name: 'search by name fragment (2 Chinese chars)', as: 'sales', views: ['华信', '鼎盛', '恒达'].map(search) },
    { name: 'search by phone digits', as: 'sales', views: ['13812', '18677', '7554321'].map(search) },
    { name: 'customer 360° page', as: 'sales', views: customerIds.map((id) => [[`/api/customers/${id}/overview`]]) },
    { name: 'funnel report (manager, 90 days)', as: 'manager', views: [[['/api/reports/funnel']]] },
  ];
}

export async function viewOverHttp(port: number, cookie: string, view: PageView): Promise<void> {
  for (const phase of view) await Promise.all(phase.map((path) => getJson(port, path, cookie)));
}

/** The same page view as raw SQL: each request's statements as the app ran them (crm-sql.ts replay), the requests of a phase at once. */
export async function viewAsSql(pool: pg.Pool, view: CapturedView): Promise<void> {
  for (const phase of view) await Promise.all(phase.map((statements) => replay(pool, statements)));
}
