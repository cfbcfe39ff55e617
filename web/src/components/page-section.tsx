import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './use-document-title';

interface PageHeadingProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}

/** Title, one line of explanation and the page's main actions. */
export function PageHeading({ title, description, actions }: PageHeadingProps) {
  useDocumentTitle(title);
  return (
    <Flex justify="space-between" align="flex-start" gap={16} wrap>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {description ? (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', maxWidth: 720 }}>
            {description}
          </Typography.Paragraph>
        ) : null}
      </div>
      {actions ? (
        <Flex gap={8} wrap>
          {actions}
        </Flex>
      ) : null}
    </Flex>
  );
}
