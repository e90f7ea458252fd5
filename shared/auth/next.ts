/**
 * Where the login page may send a user afterwards: a path of this site only. Read as the browser reads a URL
 * (the WHATWG parser drops tabs and newlines and takes `\` for `/`), so `/\evil.example/`, `/<tab>/evil`
 * and `//evil` are seen as the other sites they are; anything that leaves `origin` gives `fallback`.
 */
export function sameSitePath(next: string | null, origin: string, fallback: string): string {
  if (!next?.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  return url.origin === new URL(origin).origin ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
