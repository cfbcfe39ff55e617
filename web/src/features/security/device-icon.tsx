import { DesktopOutlined, MobileOutlined, TabletOutlined } from '@ant-design/icons';

/** Phone, tablet or computer, from the server's reading of the user agent. */
export function DeviceIcon({ device }: { device: string | null }) {
  const kind = (device ?? '').toLowerCase();
  if (kind.includes('mobile') || kind.includes('phone')) {
    return <MobileOutlined />;
  }
  return kind.includes('tablet') ? <TabletOutlined /> : <DesktopOutlined />;
}
