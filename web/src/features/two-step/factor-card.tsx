import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

interface FactorCardProps {
  /** `totp-card` / `passkeys-card` / `sms-card`. */
  testId: string;
  icon: ReactNode;
  title: string;
  description: string;
  /** The "add" button in the header; null where this kind cannot be added here. */
  add: { testId: string; label: string; onClick: () => void } | null;
  children: ReactNode;
}

/** One kind of second factor on the two-step page: title, what it is, "add", then the card's own content. */
export function FactorCard({ testId, icon, title, description, add, children }: FactorCardProps) {
  return (
    <Card
      variant="borderless"
      data-testid={testId}
      title={
        <Flex gap={10} align="center">
          {icon}
          {title}
        </Flex>
      }
      extra={
        add ? (
          <Button icon={<PlusOutlined />} onClick={add.onClick} data-testid={add.testId}>
            {add.label}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {description}
      </Typography.Paragraph>
      {children}
    </Card>
  );
}
