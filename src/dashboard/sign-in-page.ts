/**
 * The small pages the daemon answers instead of the dashboard: signed out, a used or expired
 * link, a build without the page. Each says what to do. Static text only: nothing from the
 * request is ever written into them.
 */

/** Headers every dashboard page and file carries: no framing, no sniffing, no leaking links. */
export function pageHeaders(): Record<string, string> {
  return {
    'content-security-policy':
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

const MESSAGES = {
  'signed-out': {
    title: 'Sign in to the Claude Hybrid dashboard',
    text: 'This browser has no dashboard cookie for this daemon. In a terminal, run',
  },
  expired: {
    title: 'This dashboard link has been used or has expired',
    text: 'Each link opens the dashboard once, within five minutes. For a new one, run',
  },
  'not-built': {
    title: 'The dashboard page is not built',
    text: 'This daemon runs from a build without dist/dashboard/. Run npm run build, restart the daemon, then run',
  },
} as const;

export function signInPage(kind: keyof typeof MESSAGES): string {
  const message = MESSAGES[kind];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${message.title}</title><link rel="stylesheet" href="/assets/app.css"></head>
<body class="sign-in"><main><h1>${message.title}</h1>
<p>${message.text}</p><pre><code>claude-hybrid dashboard</code></pre>
<p>It prints a one-time link and opens it in your browser.</p></main></body></html>
`;
}
