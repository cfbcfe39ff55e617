import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { browserTimeZone } from '../../api/time-zone';

/** What the filter bar sends to every report (empty values are left out by the client). */
export interface ReportFilters {
  from: string;
  to: string;
  teamId?: string | undefined;
  ownerId?: string | undefined;
  currency?: string | undefined;
}

export interface MoneyTotal {
  currency: string;
  amount: string;
}

export interface FunnelReport {
  from: string;
  to: string;
  stages: {
    id: string;
    key: string | null;
    name: string | null;
    kind: 'open' | 'won' | 'lost';
    count: number;
    totals: MoneyTotal[];
  }[];
}

export interface WonByMonthReport {
  currency: string;
  months: { month: string; count: number; amount: string }[];
  total: { count: number; amount: string };
}

export interface FollowUpsReport {
  weeks: { start: string; isoWeek: string }[];
  people: { userId: string | null; name: string | null; counts: number[]; total: number }[];
  total: number;
}

export interface NewCustomersReport {
  sources: { source: string; count: number }[];
  total: number;
}

export interface ContractsReport {
  currency: string;
  months: { month: string; contracts: number; contracted: string; received: string }[];
  total: { contracts: number; contracted: string; received: string };
}

export interface StaleCustomersReport {
  days: number;
  total: number;
  items: {
    id: string;
    name: string;
    status: string;
    ownerId: string | null;
    ownerName: string | null;
    lastFollowUpAt: string | null;
    createdAt: string;
    idleDays: number;
  }[];
}

export interface CurrencyUse {
  currencies: { currency: string; records: number }[];
  defaultCurrency: string;
}

const audience = (filters: ReportFilters) => ({ teamId: filters.teamId, ownerId: filters.ownerId });
/** The period's days are the user's calendar days: the server counts them (and weeks, months) in the browser's zone. */
const period = (filters: ReportFilters) => ({
  from: filters.from,
  to: filters.to,
  tz: browserTimeZone(),
  ...audience(filters),
});
const money = (filters: ReportFilters) => ({ ...period(filters), currency: filters.currency });

const options = { staleTime: 60_000 };

export function useCurrencies() {
  return useQuery({
    queryKey: ['reports', 'currencies'],
    queryFn: () => api.get<CurrencyUse>('/reports/currencies'),
    ...options,
  });
}

export function useFunnel(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'funnel', period(filters)],
    queryFn: () => api.get<FunnelReport>('/reports/funnel', period(filters)),
    ...options,
  });
}

/** The money reports wait for the currency (the organisation's most used one, or the user's choice). */
export function useWonByMonth(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'won', money(filters)],
    queryFn: () => api.get<WonByMonthReport>('/reports/won-by-month', money(filters)),
    enabled: filters.currency !== undefined,
    ...options,
  });
}

export function useFollowUps(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'follow-ups', period(filters)],
    queryFn: () => api.get<FollowUpsReport>('/reports/follow-ups-by-week', period(filters)),
    ...options,
  });
}

export function useNewCustomers(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'new-customers', period(filters)],
    queryFn: () => api.get<NewCustomersReport>('/reports/new-customers', period(filters)),
    ...options,
  });
}

export function useContracts(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'contracts', money(filters)],
    queryFn: () => api.get<ContractsReport>('/reports/contracts-vs-payments', money(filters)),
    enabled: filters.currency !== undefined,
    ...options,
  });
}

export function useStaleCustomers(filters: ReportFilters, days: number) {
  const query = { ...audience(filters), days, limit: 20 };
  return useQuery({
    queryKey: ['reports', 'stale', query],
    queryFn: () => api.get<StaleCustomersReport>('/reports/stale-customers', query),
    ...options,
  });
}
