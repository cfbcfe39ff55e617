import { Empty, Flex } from 'antd';
import type { ReactNode } from 'react';
import { FactorRow, type ListedFactor } from './factor-row';
import type { FactorRemoval } from './use-remove-factor';

interface FactorListProps<Factor extends ListedFactor> {
  factors: Factor[];
  /** `totp-factor` / `passkey-factor` / `sms-factor`, on each row. */
  testId: string;
  emptyText: string;
  removal: FactorRemoval<Factor>;
  confirmTitle: (factor: Factor) => string;
  confirmHint: string;
  tags?: (factor: Factor) => ReactNode;
  /** Omitted for factors without a name of their own (an SMS number). */
  onRename?: (factor: Factor) => void;
}

/** The factors of one kind in their card, or a quiet "none yet". */
export function FactorList<Factor extends ListedFactor>({
  factors,
  testId,
  emptyText,
  removal,
  confirmTitle,
  confirmHint,
  tags,
  onRename,
}: FactorListProps<Factor>) {
  if (factors.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} style={{ margin: '8px 0' }} />;
  }
  return (
    <Flex vertical>
      {factors.map((factor, index) => (
        <FactorRow
          key={factor.id}
          factor={factor}
          testId={testId}
          first={index === 0}
          tags={tags?.(factor)}
          confirmTitle={confirmTitle(factor)}
          confirmHint={confirmHint}
          removing={removal.isRemoving(factor)}
          onRename={onRename ? () => onRename(factor) : undefined}
          onRemove={() => removal.remove(factor)}
        />
      ))}
    </Flex>
  );
}
