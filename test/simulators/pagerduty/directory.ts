/**
 * The simulated account's fixed configuration: users, services, escalation policies, on-call entries and
 * priorities, with the look-ups the APIs need. Defaults give a working account so a test can start the
 * simulator with no options.
 */
import type {
  EscalationPolicyConfig,
  OnCallConfig,
  PagerDutySimulatorOptions,
  PriorityConfig,
  ServiceConfig,
  UserConfig,
} from './types.ts';

export const DEFAULT_ROUTING_KEY = 'c0553e0a1b2c3d4e5f60718293a4b5c6';
export const DEFAULT_API_TOKEN = 'y_NbAkKc66ryYTWUXYEu';

export const DEFAULT_USERS: UserConfig[] = [
  { id: 'PROMEL1', name: 'Romel Emperado', email: 'romel.emperado@example.com' },
  { id: 'PNOC002', name: 'Dana Whitlock', email: 'dana.whitlock@example.com' },
];
export const DEFAULT_ESCALATION_POLICIES: EscalationPolicyConfig[] = [{ id: 'PEPNOC1', name: 'NOC Escalation' }];
export const DEFAULT_SERVICES: ServiceConfig[] = [
  { id: 'PSVCNOC', name: 'COSS NOC', routingKey: DEFAULT_ROUTING_KEY, escalationPolicyId: 'PEPNOC1' },
];
export const DEFAULT_ON_CALLS: OnCallConfig[] = [
  {
    userId: 'PROMEL1',
    escalationPolicyId: 'PEPNOC1',
    escalationLevel: 1,
    scheduleId: 'PSCHED1',
    scheduleName: 'NOC Primary',
  },
  { userId: 'PNOC002', escalationPolicyId: 'PEPNOC1', escalationLevel: 2 },
];
/** PagerDuty's standard priority scheme P1 (highest) to P5. */
export const DEFAULT_PRIORITIES: PriorityConfig[] = [
  { id: 'PPRIO01', name: 'P1', description: 'Critical' },
  { id: 'PPRIO02', name: 'P2', description: 'High' },
  { id: 'PPRIO03', name: 'P3', description: 'Moderate' },
  { id: 'PPRIO04', name: 'P4', description: 'Low' },
  { id: 'PPRIO05', name: 'P5', description: 'Informational' },
];

export class Directory {
  readonly users: readonly UserConfig[];
  readonly services: readonly ServiceConfig[];
  readonly escalationPolicies: readonly EscalationPolicyConfig[];
  readonly onCalls: readonly OnCallConfig[];
  readonly priorities: readonly PriorityConfig[];
  readonly apiTokens: readonly string[];

  constructor(options: PagerDutySimulatorOptions) {
    this.users = options.users ?? DEFAULT_USERS;
    this.services = options.services ?? DEFAULT_SERVICES;
    this.onCalls = options.onCalls ?? (options.services === undefined ? DEFAULT_ON_CALLS : []);
    this.priorities = options.priorities ?? DEFAULT_PRIORITIES;
    this.apiTokens = options.apiTokens ?? [DEFAULT_API_TOKEN];
    // A policy referenced by a service but not described still exists in PagerDuty; name it after its id.
    const policies = [
      ...(options.escalationPolicies ?? (options.services === undefined ? DEFAULT_ESCALATION_POLICIES : [])),
    ];
    for (const service of this.services) {
      if (!policies.some((p) => p.id === service.escalationPolicyId)) {
        policies.push({ id: service.escalationPolicyId, name: `Escalation policy ${service.escalationPolicyId}` });
      }
    }
    this.escalationPolicies = policies;
    for (const service of this.services) {
      if (!/^[A-Za-z0-9]{32}$/.test(service.routingKey)) {
        throw new Error(`service ${service.id}: routing key must be 32 alphanumeric characters like PagerDuty's`);
      }
    }
  }

  user(id: string): UserConfig | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** Helpers take whatever a test finds natural: id, email or display name. */
  findUser(idNameOrEmail: string): UserConfig | undefined {
    const needle = idNameOrEmail.toLowerCase();
    return this.users.find(
      (u) => u.id === idNameOrEmail || u.email.toLowerCase() === needle || u.name.toLowerCase() === needle,
    );
  }

  userByEmail(email: string): UserConfig | undefined {
    const needle = email.trim().toLowerCase();
    return this.users.find((u) => u.email.toLowerCase() === needle);
  }

  service(id: string): ServiceConfig | undefined {
    return this.services.find((s) => s.id === id);
  }

  serviceByRoutingKey(routingKey: string): ServiceConfig | undefined {
    return this.services.find((s) => s.routingKey === routingKey);
  }

  escalationPolicy(id: string): EscalationPolicyConfig | undefined {
    return this.escalationPolicies.find((p) => p.id === id);
  }

  priority(id: string): PriorityConfig | undefined {
    return this.priorities.find((p) => p.id === id);
  }

  priorityByName(name: string): PriorityConfig | undefined {
    return this.priorities.find((p) => p.name === name);
  }

  /** Users on call at one level of a policy right now (schedules are treated as always active). */
  onCallUsers(escalationPolicyId: string, level: number): string[] {
    return this.onCalls
      .filter((o) => o.escalationPolicyId === escalationPolicyId && o.escalationLevel === level)
      .map((o) => o.userId);
  }

  /** Highest level with anyone on call; escalating past it is refused like PagerDuty's "Cannot Escalate". */
  maxLevel(escalationPolicyId: string): number {
    return this.onCalls
      .filter((o) => o.escalationPolicyId === escalationPolicyId)
      .reduce((max, o) => Math.max(max, o.escalationLevel), 1);
  }
}
