import { startTracing } from '@carelink/telemetry';
startTracing('intake');

import { runMain } from '@carelink/service-host';
import { createConfig } from './config';
import { intakeService } from './service';

runMain(intakeService, () => createConfig());
