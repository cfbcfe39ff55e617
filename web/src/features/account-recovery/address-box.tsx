import { Flex, Typography, theme } from 'antd';

/** The address a link page is about (restored, or newly confirmed), set off in a quiet box. */
export function AddressBox({ label, address, testId }: { label: string; address: string; testId: string }) {
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      gap={2}
      style={{ padding: '12px 16px', borderRadius: 8, background: token.colorFillQuaternary, marginBottom: 20 }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {label}
      </Typography.Text>
      <Typography.Text strong data-testid={testId} style={{ wordBreak: 'break-all' }}>
        {address}
      </Typography.Text>
    </Flex>
  );
}
