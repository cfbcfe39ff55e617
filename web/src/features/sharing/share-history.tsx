import { ShareAltOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { CustomerHistoryEntry } from '../customers/customer-types';

/** History rows written by record sharing ('shared' / 'unshared'), on any record kind's timeline. */
export function isShareAction(action: string): boolean {
  return action === 'shared' || action === 'unshared';
}

export function shareActionLook(action: string): { color: string; icon: ReactNode } | undefined {
  return isShareAction(action)
    ? { color: action === 'shared' ? 'geekblue' : 'gray', icon: <ShareAltOutlined /> }
    : undefined;
}

/** "shared it with Bob" – the member's name as it was when the row was written. */
export function shareActionText(t: TFunction, entry: Pick<CustomerHistoryEntry, 'action' | 'changes'>): string {
  const change = entry.changes?.sharedWith;
  const name = entry.action === 'shared' ? change?.to : change?.from;
  return `${t(`sharing.history.${entry.action}`)} ${typeof name === 'string' ? name : ''}`.trim();
}
