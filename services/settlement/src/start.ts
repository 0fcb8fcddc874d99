import { startTracing } from '@carelink/telemetry';
startTracing('settlement');

import { runMain } from '@carelink/service-host';
import { createConfig } from './config';
import { settlementService } from './service';

runMain(settlementService, () => createConfig());
