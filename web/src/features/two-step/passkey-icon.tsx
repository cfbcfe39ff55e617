import Icon from '@ant-design/icons';
import type { GetProps } from 'antd';
import type { SVGProps } from 'react';

/** A person with a key: the passkey mark next to every passkey button and list (Ant Design has none). */
function PasskeySvg(props: SVGProps<SVGSVGElement>) {
  // Ant Design's props first (class, size); the outline look must win over its fill="currentColor".
  return (
    <svg
      {...props}
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <circle cx="9" cy="7.5" r="3.8" />
      <path d="M2.5 20.5v-1.2a5.8 5.8 0 0 1 5.8-5.8h2.4" />
      <circle cx="17.5" cy="12.8" r="2.6" />
      <path d="M17.5 15.4v6.1M17.5 18.4h1.9M17.5 20.6h1.3" />
    </svg>
  );
}

export function PasskeyIcon(props: Partial<GetProps<typeof Icon>>) {
  return <Icon component={PasskeySvg} {...props} />;
}
