import type { TFunction } from 'i18next';

/**
 * Recorded codes are looked up as keys of one catalog object rather than as i18next paths: a channel label such as
 * "email:backup" contains i18next's namespace separator.
 */
function flatLabel(t: TFunction, catalogKey: string, code: string): string | undefined {
  // i18next rebuilds a returned object leaf by leaf through t(); without this the "email:backup" leaf is split too.
  const labels = t(catalogKey, { returnObjects: true, nsSeparator: false }) as unknown;
  if (labels && typeof labels === 'object' && Object.hasOwn(labels, code)) {
    const label = (labels as Record<string, unknown>)[code];
    if (typeof label === 'string') {
      return label;
    }
  }
  return undefined;
}

/** The action's label; unknown codes (events of older versions) show as they are. */
export function auditActionLabel(t: TFunction, action: string): string {
  return flatLabel(t, 'audit.actions', action) ?? action;
}

/**
 * A recorded detail value: `audit.valueIn.<action>` first, for codes that mean something else in that event
 * ("account" is the lock's scope in one event and a sending cap in another), then `audit.value`, then as recorded.
 */
export function auditValueLabel(t: TFunction, action: string, value: string): string {
  return flatLabel(t, `audit.valueIn.${action}`, value) ?? flatLabel(t, 'audit.value', value) ?? value;
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
