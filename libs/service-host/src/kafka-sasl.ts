import { localKafkaCredentials, type KafkaCredentials } from '@carelink/bus';
import type { BaseConfig } from './service-host';
import { ConfigError } from './config';

/** The service's Kafka credentials from its settings: both user and password, or neither (an open listener). */
export function kafkaSasl(
  config: Pick<BaseConfig, 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'>,
): KafkaCredentials | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (!username && !password) return undefined;
  if (!username || !password)
    throw new ConfigError(
      `configuration is not valid:\n  ${username ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SASL_USERNAME'}: ` +
        'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD go together',
    );
  return { mechanism, username, password };
}

/**
 * Local mode: the service's own Kafka user from the local broker's credentials file (written by
 * infra/local/servers.sh), unless the environment names a user.
 */
export function localKafkaUser(
  service: string,
  env: Record<string, string | undefined>,
): { KAFKA_SASL_USERNAME?: string; KAFKA_SASL_PASSWORD?: string } {
  if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD) return {};
  const credentials = localKafkaCredentials(service, env);
  return credentials ? { KAFKA_SASL_USERNAME: credentials.username, KAFKA_SASL_PASSWORD: credentials.password } : {};
}
