import type { RandomStream } from '../../kernel/random-stream.js';
import { Simulation } from '../../kernel/simulation.js';
import { Network } from '../geo/network.js';
import type { ModelConfig } from '../model-config.js';
import { EventLog } from '../observability/event-log.js';
import { MetricsRecorder } from '../observability/metrics-recorder.js';
import { TraceSampler } from '../observability/trace-sampler.js';
import { CircuitBreaker } from '../resilience/circuit-breaker.js';
import type { HedgingConfig } from '../resilience/hedging.js';
import { RetryBudget } from '../resilience/retry-budget.js';
import type { RetryPolicyConfig } from '../resilience/retry-policy.js';
import { DnsCohorts } from '../routing/dns-cohorts.js';
import { RegionHealth } from '../routing/region-health.js';
import { RouteTable } from '../routing/route-table.js';
import { ArrivalProcess } from '../traffic/arrivals.js';
import { EndpointPicker } from '../traffic/population.js';
import type { RateOverlay } from '../traffic/rate-overlay.js';
import type { Autoscaling } from './autoscaling.js';
import type { ClientSide } from './client.js';
import { compileModel } from './compiled.js';
import type { CompiledModel } from './compiled.js';
import type { DataStores } from './data-stores.js';
import type { DependencyCalls } from './dependency-calls.js';
import type { Deployments } from './deployments.js';
import type { FaultInjector } from './fault-injector.js';
import { InstanceGroup } from './instance-group.js';
import { LatencyReadings } from './latency-readings.js';
import type { InstanceLifecycle } from './instance-lifecycle.js';
import type { MetricsTicks } from './metrics-ticks.js';
import type { EngineMigration } from './migration.js';
import type { Operations } from './operations.js';
import { GROUPS_MAX, traceOutcome } from './outcomes.js';
import type { RegionProbes } from './region-probes.js';
import type { ResidencyChecks } from './residency.js';
import type { Restores } from './restores.js';
import { RequestEgress } from './request-egress.js';
import type { ServerSide } from './servers.js';
import type { StoreFaults } from './store-faults.js';
import { UserWindows } from './user-windows.js';
import type { EngineOptions } from './write-trace.js';
import { expandPartitionedStores } from './partitions.js';
import type { PartitionRoute } from './partitions.js';
import { AttemptTable, CallTable, JobTable, RequestTable, STAT_COUNT } from './tables.js';

/**
 * Everything the engine's parts share: the config and its interned form, the kernel, the
 * network, the row tables, the instance groups, routing, the random streams, dependency and
 * fault state, and the recorders. Each part (client, servers, dependency calls, instances,
 * autoscaler, region probes, metrics ticks, fault injector) holds this context and reaches the
 * others through it; ModelEngine wires them up.
 */
export class EngineContext {
  readonly config: ModelConfig;
  readonly options: EngineOptions;
  /** The partitioned stores' routes to their zones' stores (empty without partitioned stores). */
  readonly partitions: readonly PartitionRoute[];
  readonly sim: Simulation;
  readonly network: Network;
  readonly compiled: CompiledModel;
  readonly users: MetricsRecorder;
  readonly services: MetricsRecorder;
  readonly eventLog: EventLog;
  readonly sampler: TraceSampler;
  readonly groups: InstanceGroup[] = [];
  readonly budgets: (RetryBudget | null)[];
  readonly breakers: (CircuitBreaker | null)[];
  readonly regionHealth: RegionHealth;
  readonly routeTable: RouteTable;
  readonly latencyEstimateUs: Float64Array;
  readonly n: number;
  readonly requests = new RequestTable();
  readonly attempts = new AttemptTable();
  readonly jobs = new JobTable();
  readonly calls = new CallTable();
  /** Group index per service × region, -1 where the service is not placed. */
  readonly groupOf: Int32Array;
  readonly entryGroupOf: Int32Array;
  readonly candidateRegions: Int32Array;
  readonly dns: DnsCohorts;
  readonly arrivals: ArrivalProcess[];
  readonly pickers: EndpointPicker[];
  readonly retry: RetryPolicyConfig;
  readonly hedging: HedgingConfig | null;
  readonly mixRng: RandomStream;
  readonly cohortRng: RandomStream;
  readonly traceRng: RandomStream;
  readonly routingRng: RandomStream;
  readonly networkRng: RandomStream;
  readonly retryRng: RandomStream;
  readonly probeRng: RandomStream;
  readonly chaosRng: RandomStream;
  readonly fallbackRng: RandomStream;
  readonly serviceRngs: RandomStream[];
  readonly dependencyRngs: RandomStream[];
  readonly balancerRngs: RandomStream[];
  readonly regionDark: Int32Array;
  readonly zoneBase: Int32Array;
  readonly zoneOut: Int32Array;
  /** Per dependency × calling region. */
  readonly outage: Int32Array;
  readonly brownoutError: Float64Array;
  readonly brownoutLatencyUs: Float64Array;
  readonly flushStartUs: Float64Array;
  readonly flushEndUs: Float64Array;
  readonly dependencyStats: Float64Array[];
  readonly groupCostUsd: Float64Array;

  // The parts, set by ModelEngine right after construction.
  client!: ClientSide;
  servers!: ServerSide;
  dependencyCalls!: DependencyCalls;
  instances!: InstanceLifecycle;
  autoscaler!: Autoscaling;
  probes!: RegionProbes;
  ticks!: MetricsTicks;
  faults!: FaultInjector;
  data!: DataStores;
  storeFaults!: StoreFaults;
  ops!: Operations;
  restores!: Restores;
  residency!: ResidencyChecks;
  /** Deployments and the migration, null when the config has none (the request path then pays a null check). */
  deploys: Deployments | null = null;
  migration: EngineMigration | null = null;

  /** User requests per users' region (started, succeeded, failed) and per start window (RTO). */
  readonly userCounters: UserWindows;
  /** Latency-quantile alert readings, fed on each success; null when no rule reads latency. */
  readonly latency: LatencyReadings | null;
  /** Bytes of request traffic sent across regions, per sending region (the egress cost). */
  readonly egress: RequestEgress;

  /** Builds the shared state from a config that validateModel accepted. */
  constructor(original: ModelConfig, options: EngineOptions = {}) {
    // Partitioned stores run as one store per zone (PartitionRoute).
    const { config, routes } = expandPartitionedStores(original);
    this.config = config;
    this.partitions = routes;
    this.options = options;
    this.compiled = compileModel(config, routes.map((route) => route.id));
    const c = this.compiled;
    this.sim = new Simulation({ seed: config.seed });
    this.network = new Network(config.regions, config.links);
    const n = config.regions.length;
    this.n = n;
    const S = config.services.length;
    const D = config.dependencies.length;

    this.mixRng = this.sim.stream('traffic/mix');
    this.cohortRng = this.sim.stream('traffic/cohort');
    this.traceRng = this.sim.stream('observability/trace');
    this.routingRng = this.sim.stream('routing');
    this.networkRng = this.sim.stream('network');
    this.retryRng = this.sim.stream('client/retry');
    this.probeRng = this.sim.stream('routing/probe');
    this.chaosRng = this.sim.stream('faults/chaos');
    this.fallbackRng = this.sim.stream('dependency/fallback');
    this.serviceRngs = config.services.map((s) => this.sim.stream(`service/${s.id}`));
    this.dependencyRngs = config.dependencies.map((d) => this.sim.stream(`dependency/${d.id}`));

    this.userCounters = new UserWindows(n, c.entryEndpoints.length, config.durationUs);
    this.latency = LatencyReadings.forRules(config.alerting?.rules ?? [], c);
    this.egress = new RequestEgress(config);
    this.eventLog = new EventLog({ eventLogMax: config.metrics.eventLogMax });
    this.sampler = new TraceSampler({ ratio: config.metrics.traceSampleRatio, max: Math.max(10_000, config.metrics.eventLogMax) });
    this.users = new MetricsRecorder({
      intervalUs: config.metrics.intervalUs,
      durationUs: config.durationUs,
      regions: c.regionIds,
      endpoints: Array.from(c.entryEndpoints, (e) => c.metricsEndpoints[e]),
    });
    this.services = new MetricsRecorder({ intervalUs: config.metrics.intervalUs, durationUs: config.durationUs, regions: c.regionIds, endpoints: c.metricsEndpoints });

    // Zones.
    this.zoneBase = new Int32Array(n + 1);
    config.regions.forEach((region, r) => (this.zoneBase[r + 1] = this.zoneBase[r] + region.zones.length));
    this.zoneOut = new Int32Array(this.zoneBase[n]);
    this.regionDark = new Int32Array(n);

    // Groups.
    this.groupOf = new Int32Array(S * n).fill(-1);
    this.balancerRngs = [];
    config.services.forEach((service, s) => {
      for (const placement of service.placements) {
        const r = this.network.regionIndex(placement.region);
        const zoneIds = config.regions[r].zones;
        const zones = placement.zones.length === 0 ? zoneIds.map((_, z) => z) : placement.zones.map((id) => zoneIds.indexOf(id));
        const group = new InstanceGroup(s, r, service, zones);
        this.groupOf[s * n + r] = this.groups.length;
        this.groups.push(group);
        this.balancerRngs.push(this.sim.stream(`balancer/${service.id}/${placement.region}`));
      }
    });
    if (this.groups.length > GROUPS_MAX) throw new RangeError(`engine: ${this.groups.length} service placements, more than ${GROUPS_MAX}`);
    this.entryGroupOf = this.groupOf.slice(c.entryService * n, c.entryService * n + n);
    this.candidateRegions = Int32Array.from(this.entryGroupOf.reduce<number[]>((acc, g, r) => (g >= 0 ? [...acc, r] : acc), []));
    const G = this.groups.length;
    this.groupCostUsd = new Float64Array(G);

    // Dependencies.
    this.outage = new Int32Array(D * n);
    this.brownoutError = new Float64Array(D * n);
    this.brownoutLatencyUs = new Float64Array(D * n);
    this.flushStartUs = new Float64Array(D * n).fill(-1);
    this.flushEndUs = new Float64Array(D * n);
    this.dependencyStats = Array.from({ length: STAT_COUNT }, () => new Float64Array(D * n));
    this.breakers = [];
    config.dependencies.forEach((dependency) => {
      for (let r = 0; r < n; r++) {
        const breakerConfig = dependency.breaker;
        const subject = `${dependency.id}@${c.regionIds[r]}`;
        this.breakers.push(
          breakerConfig === undefined
            ? null
            : new CircuitBreaker(breakerConfig, {
                onTransition: (from, to, atUs) => {
                  this.eventLog.add(atUs, 'breaker-transition', subject, `${from} -> ${to}`);
                },
              }),
        );
      }
    });

    // Clients and routing.
    const client = config.traffic.client;
    this.retry = client.retry;
    this.hedging = client.hedging !== undefined && client.hedging.hedgesMax > 0 ? client.hedging : null;
    this.budgets = config.traffic.populations.map(() => (client.budget === undefined ? null : new RetryBudget(client.budget)));
    this.latencyEstimateUs = new Float64Array(n);
    const placed = Array.from(this.candidateRegions, (r) => c.regionIds[r]);
    this.routeTable = new RouteTable(this.network, config.routing, placed, config.routing.policy === 'latency-based' ? this.latencyEstimateUs : undefined);
    this.regionHealth = new RegionHealth(n, config.routing.healthCheck);
    this.dns = new DnsCohorts(config.traffic.populations.length, config.routing.cohortsPerPopulation, config.routing.dnsTtlUs);

    // Traffic, with traffic-spike faults as overlays on the populations they hit.
    this.pickers = config.traffic.populations.map((population) => new EndpointPicker(population.mix));
    this.arrivals = config.traffic.populations.map((population, p) => {
      const overlays: RateOverlay[] = [];
      for (const fault of config.faults) {
        if (fault.kind === 'traffic-spike' && (fault.region === undefined || fault.region === population.region)) {
          overlays.push({ startUs: fault.startUs, durationUs: fault.durationUs ?? Number.POSITIVE_INFINITY, factor: fault.factor });
        }
      }
      return new ArrivalProcess(population.profile, this.sim.stream(`traffic/arrivals/${p}/${population.region}`), { startUs: 0, endUs: config.durationUs, overlays });
    });
  }

  // ---------------------------------------------------------------- labels and traces

  groupLabel(g: number): string {
    const group = this.groups[g];
    return `${this.compiled.serviceIds[group.service]}@${this.compiled.regionIds[group.region]}`;
  }

  endpointLabel(e: number): string {
    const endpoint = this.compiled.endpoints[e];
    return `${this.compiled.serviceIds[endpoint.service]}/${endpoint.name}`;
  }

  span(traceId: number, name: string, region: number, startUs: number, outcome: number): void {
    this.sampler.addSpan({ traceId, name, region: region < 0 ? 'none' : this.compiled.regionIds[region], startUs, endUs: this.sim.nowUs, outcome: traceOutcome(outcome) });
  }
}
