import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Button, Flex, Typography, theme } from 'antd';
import { useState } from 'react';
import type { CSSProperties } from 'react';

const monospace = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** A secret shown once (an API token, a signing secret): monospace, wrapped anywhere, with a copy button beside it. */
export function SecretField(props: { value: string; testId: string; copyLabel: string; copiedLabel: string }) {
  const { token: design } = theme.useToken();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Flex gap={8} align="stretch">
      <Typography.Text
        data-testid={props.testId}
        style={{
          flex: 1,
          fontFamily: monospace,
          fontSize: 13,
          padding: '8px 12px',
          background: design.colorFillTertiary,
          border: `1px solid ${design.colorBorderSecondary}`,
          borderRadius: design.borderRadius,
          wordBreak: 'break-all',
        }}
      >
        {props.value}
      </Typography.Text>
      <Button
        icon={copied ? <CheckOutlined /> : <CopyOutlined />}
        onClick={() => void copy()}
        style={{ height: 'auto' }}
      >
        {copied ? props.copiedLabel : props.copyLabel}
      </Button>
    </Flex>
  );
}

/** A short code example under a title and one line of explanation. */
export function CodeExample(props: {
  title: string;
  text: string;
  code: string;
  testId?: string;
  style?: CSSProperties;
}) {
  const { token: design } = theme.useToken();
  return (
    <div data-testid={props.testId} style={props.style}>
      <Typography.Text strong>{props.title}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px', fontSize: 13 }}>
        {props.text}
      </Typography.Paragraph>
      <pre
        style={{
          margin: 0,
          fontFamily: monospace,
          fontSize: 12,
          padding: '10px 12px',
          background: design.colorFillQuaternary,
          borderRadius: design.borderRadius,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {props.code}
      </pre>
    </div>
  );
}
