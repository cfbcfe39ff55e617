import type { TFunction } from 'i18next';

/**
 * Action codes contain dots ("auth.login.failed"), so they are looked up as flat keys inside
 * `audit.actions` rather than as nested i18next paths; unknown codes show as they are.
 */
export function auditActionLabel(t: TFunction, action: string): string {
  const labels = t('audit.actions', { returnObjects: true }) as unknown;
  if (labels && typeof labels === 'object' && action in labels) {
    const label = (labels as Record<string, unknown>)[action];
    if (typeof label === 'string') {
      return label;
    }
  }
  return action;
}

export function outcomeColor(outcome: string): string {
  switch (outcome) {
    case 'success':
    case 'succeeded':
    case 'ok':
      return 'green';
    case 'failure':
    case 'failed':
    case 'denied':
      return 'red';
    default:
      return 'default';
  }
}
