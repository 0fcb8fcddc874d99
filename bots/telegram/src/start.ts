import { startTracing } from '@carelink/telemetry';
startTracing('telegram-bot');

import { runMain } from '@carelink/service-host';
import { createConfig } from './config';
import { telegramBotService } from './service';

runMain(telegramBotService(), () => createConfig());
