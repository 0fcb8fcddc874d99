import { startTracing } from '@carelink/telemetry';
startTracing('referral');

import { runMain } from '@carelink/service-host';
import { createConfig } from './config';
import { referralService } from './service';

runMain(referralService, () => createConfig());
