import { startTracing } from '@carelink/telemetry';
startTracing('console');

import { createConfig, type ConsoleConfig } from './config';
import { startConsole } from './service';

let config: ConsoleConfig;
try {
  config = createConfig();
} catch (err) {
  process.stderr.write(`console: ${(err as Error).message}\n`);
  process.exit(78);
}

startConsole(config).then(
  (running) => {
    const shutdown = () =>
      running.stop().then(
        () => process.exit(0),
        (err) => {
          process.stderr.write(`console: unclean stop: ${(err as Error).stack ?? err}\n`);
          process.exit(1);
        },
      );
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  },
  (err) => {
    process.stderr.write(`console: failed to start: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
