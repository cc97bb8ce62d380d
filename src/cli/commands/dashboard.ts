import { findProjectRoot } from '../../config/index.js';
import { dashboardLink } from '../../dashboard/dashboard-link.js';
import { openInBrowser } from '../../dashboard/open-browser.js';
import { flag } from '../args.js';
import type { CommandGroup } from '../command.js';

export const dashboardGroup: CommandGroup = {
  name: 'dashboard',
  summary: 'Open the live dashboard: sessions, agents, tools, runs, cost and performance.',
  subcommands: [
    {
      name: '',
      summary: 'Open the live dashboard: sessions, agents, tools, runs, cost and performance.',
      usage: '[--no-open]',
      details:
        'Starts the daemon if it is not running, then prints a one-time link to the dashboard it\n' +
        'serves on 127.0.0.1 and opens it in your browser ($BROWSER, or the desktop opener; on a\n' +
        'machine without a display it only prints). The link works once, within five minutes: it\n' +
        'sets a cookie for this daemon and opens the Live view of the project you ran it in. Run it\n' +
        'again for a new link.\n\n' +
        'Without the cookie the dashboard answers 401; /metrics (Prometheus) and the /api routes\n' +
        'also take the daemon token as Authorization: Bearer <token>.',
      options: {
        'no-open': { type: 'boolean', description: 'Print the link; do not open a browser' },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid dashboard', 'claude-hybrid dashboard --no-open --json'],
      async run(context, values) {
        const loaded = await context.loadConfig();
        const found = findProjectRoot(context.io.cwd, loaded.hybridHome);
        const link = await dashboardLink({
          hybridHome: loaded.hybridHome,
          projectRoot: found.initialized ? found.root : undefined,
          port: loaded.config.daemon.port,
          env: context.io.env,
        });
        const opened = !flag(values, 'no-open') && openInBrowser(link.url, context.io.env);
        if (context.json) context.writeJson({ ...link, opened });
        else {
          if (link.daemonStarted) context.out(`daemon started on 127.0.0.1:${link.port}`);
          context.out(link.url);
          context.out(
            opened
              ? 'opened in your browser (the link works once, for five minutes)'
              : 'open this link in a browser on this machine (it works once, for five minutes)',
          );
        }
        return 0;
      },
    },
  ],
};
