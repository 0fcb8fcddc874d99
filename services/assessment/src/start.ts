import { startTracing } from '@carelink/telemetry';
startTracing('assessment');

import { runMain } from '@carelink/service-host';
import { createConfig } from './config';
import { assessmentService } from './service';

runMain(assessmentService, () => createConfig());
