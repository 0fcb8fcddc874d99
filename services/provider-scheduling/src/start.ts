import { startTracing } from '@carelink/telemetry';
startTracing('provider-scheduling');

import { runMain } from '@carelink/service-host';
import { createConfig } from './config';
import { providerSchedulingService } from './service';

runMain(providerSchedulingService, () => createConfig());
