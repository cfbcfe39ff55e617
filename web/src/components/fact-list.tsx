import { Descriptions, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';

/** What an empty field shows in tables and fact lists. */
export const dash = <Typography.Text type="secondary">—</Typography.Text>;

/** A record's facts on its detail page: one column, labels of one width, no colons. */
export function FactList({ items, testId }: { items: DescriptionsProps['items']; testId: string }) {
  return (
    <Descriptions
      column={1}
      size="small"
      colon={false}
      styles={{ label: { width: 112 } }}
      data-testid={testId}
      items={items}
    />
  );
}
