/** Credentials in HTTP requests: bearer headers, URL user info, and keeping both out of messages. */

/** JSON request headers, with the key as a bearer token when there is one. */
export function jsonHeaders(apiKey: string | undefined): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(apiKey === undefined || apiKey === '' ? {} : { authorization: `Bearer ${apiKey}` }),
  };
}

/** `Basic …` for a URL with user info, else undefined. */
export function basicAuth(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return undefined;
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  } catch {
    return undefined;
  }
}

/** `http://user:secret@host/v1` → `http://host/v1`: user info never reaches a message. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}
