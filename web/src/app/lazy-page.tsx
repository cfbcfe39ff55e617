import { Spin } from 'antd';
import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';

/**
 * A page whose code is fetched when it is first opened (or ahead, with `preload`): the sign-in page and the app shell
 * load without the CRM's, the settings' and the recovery pages' code. A file that no longer exists (the app was
 * updated) reaches the route's error element, which offers a reload.
 */
export function lazyPage<Name extends string, Props extends object>(
  load: () => Promise<Record<Name, ComponentType<Props>>>,
  name: Name,
) {
  let loading: Promise<Record<Name, ComponentType<Props>>> | undefined;
  const start = () => (loading ??= load());
  const Page = lazy(async () => ({ default: (await start())[name] }));
  /** Fetches the page's code ahead of its first visit; a failure shows when the page is opened, not here. */
  const preload = () => {
    start().catch(() => undefined);
  };
  return Object.assign(Page, { preload });
}

/** Where a lazy page appears; until its code is there (a first visit only), a spinner holds its place. */
export function PageSuspense({ children, fullPage = false }: { children: ReactNode; fullPage?: boolean }) {
  const fallback = (
    <div
      data-page-loading
      style={{
        minHeight: fullPage ? '100vh' : 240,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Spin size="large" />
    </div>
  );
  return <Suspense fallback={fallback}>{children}</Suspense>;
}
