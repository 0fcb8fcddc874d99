import { startTracing } from '@carelink/telemetry';
startTracing('ivr');

import { createConfig, type IvrConfig } from './config';
import { startIvr } from './ivr-app';

let config: IvrConfig;
try {
  config = createConfig();
} catch (err) {
  process.stderr.write(`ivr: ${(err as Error).message}\n`);
  process.exit(78);
}
startIvr(config).then(
  (running) => {
    const shutdown = () =>
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  },
  (err) => {
    process.stderr.write(`ivr: failed to start: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
