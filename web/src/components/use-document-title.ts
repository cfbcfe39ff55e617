import { useEffect } from 'react';

/** "Sign in · Clientele" — tabs, history and screen readers name the page. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Clientele` : 'Clientele';
  }, [title]);
}
