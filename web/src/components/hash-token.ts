/** Reads `token` from the URL fragment (`#token=…`). Fragments never reach the server or its logs. */
export function readHashToken(hash: string = window.location.hash): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token && token.trim() ? token.trim() : null;
}
