import type { Commits } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import type { NeighbourState } from '../neighbour-help/neighbour';
import type { AlertState } from './alert';
import type { VillageCoordinator } from './coordinator';
import type { DoorbellDevice } from './device';

/** What the doorbell use cases are given: the commit ports and look-ups (data-access), the escalation board (jobs). */
export interface DoorbellPorts {
  devices: Commits<DoorbellDevice & { secret?: string }> & {
    deviceOf(deviceId: string): Promise<DoorbellDevice | undefined>;
  };
  alerts: Commits<AlertState> & { alertOf(alertId: string): Promise<AlertState | undefined> };
  neighbours: Commits<NeighbourState> & {
    neighbourOf(neighbourId: string): Promise<NeighbourState | undefined>;
    withLinkCode(codeIndex: string): Promise<string | undefined>;
  };
  coordinators: Commits<VillageCoordinator> & {
    linkedCoordinatorsOf(village: string): Promise<VillageCoordinator[]>;
    coordinatorWithLinkCode(codeIndex: string): Promise<string | undefined>;
  };
  /** The region's pack (the escalation minutes). */
  packOf(region: string): PolicyPack | undefined;
  /** Escalates the alert at its `escalateAt` unless acknowledged by then (a delayed job, once per alert). */
  escalations: { escalateAt(alert: Pick<AlertState, 'alertId' | 'escalateAt'>): Promise<void> };
  newId(): string;
}
