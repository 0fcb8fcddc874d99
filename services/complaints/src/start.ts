import { startTracing } from '@carelink/telemetry';
startTracing('complaints');

import { runMain } from '@carelink/service-host';
import { createConfig } from './config';
import { complaintsService } from './service';

runMain(complaintsService, () => createConfig());
