import { theme } from 'antd';

/** The Clientele word mark: a rounded square with a "C" and the product name. */
export function BrandMark({ inverted = false, collapsed = false }: { inverted?: boolean; collapsed?: boolean }) {
  const { token } = theme.useToken();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 10, fontWeight: 600, fontSize: 18 }}>
      <span
        aria-hidden="true"
        style={{
          width: 32,
          height: 32,
          borderRadius: 9,
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontWeight: 700,
          background: inverted ? 'rgba(255,255,255,0.16)' : token.colorPrimary,
          color: '#fff',
          flex: '0 0 auto',
        }}
      >
        C
      </span>
      {collapsed ? null : (
        <span style={{ color: inverted ? '#fff' : token.colorText, letterSpacing: 0.2 }}>Clientele</span>
      )}
    </span>
  );
}
