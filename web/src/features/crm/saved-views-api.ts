import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type SavedViewList = 'customers' | 'contacts' | 'deals' | 'contracts' | 'leads';

/** A named set of a list's filters, sort and columns (GET /api/views). */
export interface SavedView {
  id: string;
  list: SavedViewList;
  name: string;
  /** The list's address query, e.g. `level=A&owner=me`. */
  query: string;
  /** Column keys; empty for lists without a column chooser. */
  columns: string[];
  /** Shared with the organisation (only crm.writeAll may share). */
  shared: boolean;
  ownerName: string;
  /** Only its author renames, updates or deletes a view. */
  mine: boolean;
  updatedAt: string;
}

export interface SavedViewInput {
  list: SavedViewList;
  name: string;
  query: string;
  columns: string[];
  shared: boolean;
}

export type SavedViewChanges = Partial<Pick<SavedView, 'name' | 'query' | 'columns' | 'shared'>>;

export const savedViewKeys = {
  all: ['saved-views'] as const,
  list: (list: SavedViewList) => ['saved-views', list] as const,
};

const viewPath = (id: string) => `/views/${encodeURIComponent(id)}`;

export const savedViewApi = {
  list: (list: SavedViewList) => api.get<{ items: SavedView[] }>('/views', { list }),
  create: (input: SavedViewInput) => api.post<SavedView>('/views', input),
  update: (id: string, changes: SavedViewChanges) => api.patch<SavedView>(viewPath(id), changes),
  remove: (id: string) => api.delete<undefined>(viewPath(id)),
};

/** A list's saved views: one's own first, then those others shared with the organisation. */
export function useSavedViews(list: SavedViewList) {
  return useQuery({
    queryKey: savedViewKeys.list(list),
    queryFn: async () => (await savedViewApi.list(list)).items,
  });
}
