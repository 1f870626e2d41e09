/* eslint-disable @typescript-eslint/no-explicit-any */
// deploy/k8s rendered by kustomize (base and the production overlay) and checked offline: Kubernetes schemas
// (kubeconform, strict), and what the services' code needs (variables, probe paths and ports, drains).
import { readFileSync } from 'node:fs';
import { TOOLS_TIMEOUT_MS, ensureTools, tools } from './k8s-tools';
import {
  Rendered,
  SERVICES,
  ackWaitSeconds,
  configDefault,
  configKeys,
  directlyReadVariables,
  WEB_NGINX_CONF,
  apiPrefixesCalledByConsole,
  externalSecrets,
  gatewayControllerPrefixes,
  ingressBackend,
  nginxConfig,
  opsPaths,
  selects,
  servicesReading,
  type Container,
  type K8sObject,
  type Target,
} from './rendered';

/** Read by the OpenTelemetry SDK itself (not through our code), set by the deployment. */
const SDK_VARIABLES = ['OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG'];

/** Kinds that belong to no namespace (a namespace set on them would be ignored; none set is right). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'PriorityClass', 'IngressClass']);

const rendered = {} as Record<Target, Rendered>;

beforeAll(() => {
  ensureTools();
  rendered.base = Rendered.build('base');
  rendered.production = Rendered.build('production');
}, TOOLS_TIMEOUT_MS);

function serviceContainer(r: Rendered, service: string): Container {
  const container = r.podSpec(r.get('Deployment', service)).containers.find((c) => c.name === service);
  if (!container) throw new Error(`Deployment ${service} has no container ${service}`);
  return container;
}

function allContainers(r: Rendered): { workload: K8sObject; container: Container }[] {
  return r.workloads().flatMap((workload) => {
    const spec = r.podSpec(workload);
    return [...(spec.initContainers ?? []), ...spec.containers].map((container) => ({ workload, container }));
  });
}

describe('the schema validator', () => {
  const deployment = () => structuredClone(rendered.base.get('Deployment', 'records'));
  const validate = (object: unknown) => tools.validateManifests(JSON.stringify(object));

  test('accepts a rendered Deployment', () => {
    expect(validate(deployment()).ok).toBe(true);
  });

  test('rejects an unknown field (a misspelt imagePullPolicy)', () => {
    const object = deployment();
    object.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const result = validate(object);
    expect(result.ok).toBe(false);
    expect(result.resources[0].errors.join()).toMatch(/additional properties 'imagePullPolicyy' not allowed/);
  });

  test('rejects a wrong type (replicas as a string, a port as a string)', () => {
    const replicas = deployment();
    replicas.spec.replicas = 'two';
    expect(validate(replicas).resources[0].errors.join()).toMatch(/replicas.*got string, want integer/);
    const port = deployment();
    port.spec.template.spec.containers[0].ports[0].containerPort = '9101';
    expect(validate(port).ok).toBe(false);
  });

  test('rejects a missing required field and a kind it has no schema for', () => {
    const object = deployment();
    delete object.spec.selector;
    expect(validate(object).resources[0].errors.join()).toMatch(/missing property 'selector'/);
    expect(validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }).ok).toBe(false);
  });
});

describe.each(['base', 'production'] as const)('%s', (target) => {
  const r = () => rendered[target];

  test('every rendered object is valid against the Kubernetes schemas (strict: unknown fields are errors)', () => {
    const { ok, resources } = tools.validateManifests(r().yaml);
    const invalid = resources.filter((x) => x.status !== 'valid').map((x) => `${x.kind}/${x.name}: ${x.status} ${x.errors.join('; ')}`);
    expect(invalid).toEqual([]);
    expect(ok).toBe(true);
    expect(resources).toHaveLength(r().objects.length);
  });

  test('every namespaced object lands in the namespace cadre, and every Service an Ingress names is there', () => {
    const namespaces = r().all('Namespace').map((n) => n.metadata.name);
    expect(namespaces).toEqual(['cadre']);
    const outside = r()
      .objects.filter((o) => !CLUSTER_SCOPED.has(o.kind))
      .filter((o) => (o.metadata as { namespace?: string }).namespace !== 'cadre')
      .map((o) => `${o.kind}/${o.metadata.name} in ${(o.metadata as { namespace?: string }).namespace ?? '(none: the applier’s default)'}`);
    expect(outside).toEqual([]);
    const services = new Set(r().all('Service').map((s) => s.metadata.name));
    const ingressBackends = r()
      .all('Ingress')
      .flatMap((ingress) => ingress.spec.rules.flatMap((rule: any) => rule.http.paths.map((p: any) => p.backend.service.name as string)));
    expect(ingressBackends.filter((name) => !services.has(name))).toEqual([]);
  });

  test.each(SERVICES)('%s gets every variable its code reads', (service) => {
    const env = r().environment(serviceContainer(r(), service));
    const needed = [...configKeys(service), ...directlyReadVariables(service), ...SDK_VARIABLES];
    expect(configKeys(service)).toEqual(expect.arrayContaining(['MONGODB_URI', 'NATS_URL', 'OPS_PORT', 'LOG_LEVEL']));
    expect(directlyReadVariables(service)).toEqual(expect.arrayContaining(['OTEL_EXPORTER_OTLP_ENDPOINT', 'SERVICE_VERSION', 'LOG_LEVEL']));
    expect(needed.filter((name) => !env.has(name))).toEqual([]);
  });

  test('every Secret and ConfigMap key a container refers to exists', () => {
    const missing: string[] = [];
    for (const { workload, container } of allContainers(r())) {
      for (const variable of container.env ?? []) {
        for (const [kind, ref] of [['Secret', variable.valueFrom?.secretKeyRef], ['ConfigMap', variable.valueFrom?.configMapKeyRef]] as const) {
          if (ref && !r().keysOf(kind, ref.name)?.has(ref.key)) missing.push(`${workload.metadata.name}/${container.name} ${variable.name}: ${kind} ${ref.name} key ${ref.key}`);
        }
      }
    }
    for (const workload of r().workloads()) {
      for (const volume of r().podSpec(workload).volumes ?? []) {
        if (volume.secret && !r().keysOf('Secret', volume.secret.secretName)) missing.push(`${workload.metadata.name}: Secret volume ${volume.secret.secretName}`);
        if (volume.configMap && !r().find('ConfigMap', volume.configMap.name)) missing.push(`${workload.metadata.name}: ConfigMap volume ${volume.configMap.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every $(VAR) in a variable refers to one defined before it (the kubelet expands nothing else)', () => {
    const unresolved: string[] = [];
    for (const { workload, container } of allContainers(r())) {
      const defined = new Set([...r().environment({ ...container, env: [] }).keys()]);
      for (const variable of container.env ?? []) {
        for (const m of (variable.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (!defined.has(m[1])) unresolved.push(`${workload.metadata.name}/${container.name} ${variable.name}: $(${m[1]})`);
        }
        defined.add(variable.name);
      }
      const all = new Set([...defined]);
      for (const arg of [...(container.command ?? []), ...(container.args ?? [])]) {
        for (const m of String(arg).matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) if (!all.has(m[1])) unresolved.push(`${workload.metadata.name}/${container.name} command: $(${m[1]})`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  test('credentials reach the services inside their URLs, never as literals', () => {
    for (const service of SERVICES) {
      const env = r().environment(serviceContainer(r(), service));
      expect(env.get('NATS_URL')).toBe(`nats://${service}:$(NATS_PASSWORD)@nats:4222`);
      expect(env.get('MONGODB_URI')).toMatch(new RegExp(`^mongodb://${service}:\\$\\(MONGODB_PASSWORD\\)@mongodb-0\\.mongodb-headless:27017,.*replicaSet=rs0`));
      if (configKeys(service).includes('REDIS_URL')) expect(env.get('REDIS_URL')).toBe('redis://:$(REDIS_PASSWORD)@redis:6379');
    }
  });

  test.each(SERVICES)('%s probes real paths on its ops port, and Prometheus scrapes that port', (service) => {
    const served = opsPaths();
    expect(served).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
    const deployment = r().get('Deployment', service);
    const container = serviceContainer(r(), service);
    const env = r().environment(container);
    const opsPort = Number(env.get('OPS_PORT'));
    expect(String(opsPort)).toBe(configDefault(service, 'OPS_PORT'));
    const port = (ref: string | number) => (typeof ref === 'number' ? ref : container.ports?.find((p) => p.name === ref)?.containerPort);
    for (const [kind, expected] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz'], ['startupProbe', '/healthz']] as const) {
      const probe = container[kind];
      expect(probe?.httpGet).toBeDefined();
      expect(served).toContain(probe!.httpGet!.path);
      expect(probe!.httpGet!.path).toBe(expected);
      expect(port(probe!.httpGet!.port)).toBe(opsPort);
    }
    const annotations = deployment.spec.template.metadata.annotations;
    expect(annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(opsPort), 'prometheus.io/path': '/metrics' });
    expect(served).toContain(annotations['prometheus.io/path']);
    if (service === 'gateway') {
      expect(container.ports?.find((p) => p.name === 'http')?.containerPort).toBe(Number(env.get('GATEWAY_PORT')));
      expect(String(env.get('GATEWAY_PORT'))).toBe(configDefault('gateway', 'GATEWAY_PORT'));
    }
  });

  test('traces go to the collector over OTLP/HTTP on 4318, and SERVICE_VERSION is the image tag', () => {
    for (const service of SERVICES) {
      const container = serviceContainer(r(), service);
      const env = r().environment(container);
      const endpoint = new URL(env.get('OTEL_EXPORTER_OTLP_ENDPOINT')!);
      expect(endpoint.protocol).toBe('http:');
      const collector = r().get('Service', endpoint.hostname);
      expect(collector.spec.ports.map((p: { port: number }) => p.port)).toContain(Number(endpoint.port));
      expect(endpoint.port).toBe('4318');
      expect(env.get('OTEL_TRACES_SAMPLER')).toMatch(/^parentbased_/);
      expect(container.image.split(':').pop()).toBe(env.get('SERVICE_VERSION'));
    }
  });

  test('the services drain before they are killed: preStop, then longer than a JetStream ack wait or an RPC timeout', () => {
    const ackWait = ackWaitSeconds();
    for (const service of SERVICES) {
      const spec = r().podSpec(r().get('Deployment', service));
      const container = serviceContainer(r(), service);
      const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(preStop).toBeGreaterThanOrEqual(5);
      const drain = service === 'gateway' ? Number(r().environment(container).get('RPC_TIMEOUT_MS')) / 1000 : ackWait;
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + drain + 5);
    }
  });

  test('the web console: probes on paths its nginx.conf answers, on the port it listens on, writing only to emptyDirs', () => {
    const conf = nginxConfig();
    const deployment = r().get('Deployment', 'web');
    const spec = r().podSpec(deployment);
    const container = spec.containers.find((c) => c.name === 'web')!;
    const port = (ref: string | number) => (typeof ref === 'number' ? ref : container.ports?.find((p) => p.name === ref)?.containerPort);
    expect(port('http')).toBe(conf.listen);
    for (const kind of ['livenessProbe', 'readinessProbe'] as const) {
      const probe = container[kind]?.httpGet;
      expect(probe).toBeDefined();
      expect(conf.okPaths).toContain(probe!.path);
      expect(port(probe!.port)).toBe(conf.listen);
    }
    const service = r().get('Service', 'web');
    expect(selects({ matchLabels: service.spec.selector }, deployment.spec.template.metadata.labels)).toBe(true);
    expect(service.spec.ports.map((p: any) => [p.name, port(p.targetPort)])).toEqual([['http', conf.listen]]);
    // The ConfigMap's nginx.conf, the file the image bakes in, replaces the image's /etc/nginx/nginx.conf.
    const mounts = (container as any).volumeMounts as { name: string; mountPath: string; subPath?: string }[];
    const volumes = spec.volumes as any[];
    const configMount = mounts.find((m) => m.mountPath === '/etc/nginx/nginx.conf')!;
    const configMap = r().get('ConfigMap', volumes.find((v) => v.name === configMount.name).configMap.name);
    expect(configMap.data[configMount.subPath!]).toBe(readFileSync(WEB_NGINX_CONF, 'utf8'));
    // nginx writes its pid file and temp files; the root filesystem is read-only.
    const emptyDirs = mounts.filter((m) => volumes.find((v) => v.name === m.name)?.emptyDir).map((m) => m.mountPath);
    for (const written of conf.writablePaths) expect({ written, onEmptyDir: emptyDirs.some((dir) => written === dir || written.startsWith(`${dir}/`)) }).toEqual({ written, onEmptyDir: true });
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    // One release, one tag: the console's image has the services' tag.
    expect(container.image).toMatch(/(^|\/)cadre\/web:[^:]+$/);
    expect(container.image.split(':').pop()).toBe(r().get('ConfigMap', r().all('ConfigMap').find((c) => c.metadata.name.startsWith('cadre-config'))!.metadata.name).data.SERVICE_VERSION);
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(preStop).toBeGreaterThanOrEqual(5);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + 5);
  });

  test('every container runs as non-root, without privilege escalation or capabilities, on a read-only root filesystem', () => {
    const problems: string[] = [];
    for (const { workload, container } of allContainers(r())) {
      const pod = r().podSpec(workload).securityContext ?? {};
      const c = container.securityContext ?? {};
      const id = `${workload.kind}/${workload.metadata.name}/${container.name}`;
      if ((c.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${id}: runAsNonRoot`);
      if (!((c.runAsUser ?? pod.runAsUser) > 0)) problems.push(`${id}: runAsUser`);
      if (c.allowPrivilegeEscalation !== false) problems.push(`${id}: allowPrivilegeEscalation`);
      if (c.readOnlyRootFilesystem !== true) problems.push(`${id}: readOnlyRootFilesystem`);
      if (!c.capabilities?.drop?.includes('ALL')) problems.push(`${id}: capabilities.drop ALL`);
      if ((c.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault') problems.push(`${id}: seccomp RuntimeDefault`);
      if (c.privileged) problems.push(`${id}: privileged`);
    }
    expect(problems).toEqual([]);
  });

  test('every container has CPU and memory requests and limits', () => {
    const missing = allContainers(r()).flatMap(({ workload, container }) =>
      ['requests', 'limits'].flatMap((kind) =>
        ['cpu', 'memory']
          .filter((resource) => !(container.resources as any)?.[kind]?.[resource])
          .map((resource) => `${workload.metadata.name}/${container.name} ${kind}.${resource}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  test('network policies: default deny; NATS, MongoDB and Redis admit exactly the services that use them', () => {
    const policies = r().all('NetworkPolicy');
    const defaultDeny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
    expect(defaultDeny?.spec.policyTypes).toEqual(expect.arrayContaining(['Ingress', 'Egress']));

    const podLabels = (kind: string, name: string): Record<string, string> => r().get(kind, name).spec.template.metadata.labels;
    const admits = (store: Record<string, string>, port: number, client: Record<string, string>) =>
      policies.some(
        (p) =>
          selects(p.spec.podSelector, store) &&
          (p.spec.ingress ?? []).some(
            (rule: any) =>
              (rule.ports ?? []).some((x: any) => x.port === port) &&
              (rule.from ?? []).some((peer: any) => peer.podSelector && !peer.namespaceSelector && selects(peer.podSelector, client)),
          ),
      );
    const reaches = (client: Record<string, string>, port: number, store: Record<string, string>) =>
      policies.some(
        (p) =>
          selects(p.spec.podSelector, client) &&
          (p.spec.egress ?? []).some(
            (rule: any) => (rule.ports ?? []).some((x: any) => x.port === port) && (rule.to ?? []).some((peer: any) => peer.podSelector && selects(peer.podSelector, store)),
          ),
      );
    const stores = [
      { name: 'nats', port: 4222, users: servicesReading('NATS_URL') },
      { name: 'mongodb', port: 27017, users: servicesReading('MONGODB_URI') },
      { name: 'redis', port: 6379, users: servicesReading('REDIS_URL') },
    ];
    // records uses Redis since evidence files (its pending-files cleanup job); every service does now.
    expect(stores.find((s) => s.name === 'redis')!.users).toContain('records');
    for (const store of stores) {
      const storeLabels = podLabels('StatefulSet', store.name);
      expect(policies.some((p) => selects(p.spec.podSelector, storeLabels) && p.spec.ingress?.length)).toBe(true);
      for (const service of SERVICES) {
        const client = podLabels('Deployment', service);
        const expected = store.users.includes(service);
        expect({ store: store.name, service, admitted: admits(storeLabels, store.port, client), egress: reaches(client, store.port, storeLabels) }).toEqual({
          store: store.name,
          service,
          admitted: expected,
          egress: expected,
        });
      }
      for (const other of ['otel-collector', 'jaeger', 'web']) expect(admits(storeLabels, store.port, podLabels('Deployment', other))).toBe(false);
    }
    // The cluster members talk to each other.
    expect(admits(podLabels('StatefulSet', 'nats'), 6222, podLabels('StatefulSet', 'nats'))).toBe(true);
    expect(reaches(podLabels('StatefulSet', 'nats'), 6222, podLabels('StatefulSet', 'nats'))).toBe(true);
    expect(admits(podLabels('StatefulSet', 'mongodb'), 27017, podLabels('StatefulSet', 'mongodb'))).toBe(true);
    // Every service reaches the collector.
    for (const service of SERVICES) expect(reaches(podLabels('Deployment', service), 4318, podLabels('Deployment', 'otel-collector'))).toBe(true);
    // Only the gateway and the web console take traffic from outside the namespace on a non-ops port: each on
    // its http port only.
    const outside = policies.filter((p) =>
      (p.spec.ingress ?? []).some((rule: any) => !rule.from || rule.from.some((peer: any) => peer.namespaceSelector && peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] !== 'monitoring')),
    );
    expect(outside.map((p) => p.metadata.name).sort()).toEqual(['gateway-public', 'web-public']);
    for (const [policy, workload] of [['gateway-public', 'gateway'], ['web-public', 'web']]) {
      const p = outside.find((x) => x.metadata.name === policy)!;
      expect(selects(p.spec.podSelector, podLabels('Deployment', workload))).toBe(true);
      expect(r().all('Deployment').filter((d) => selects(p.spec.podSelector, d.spec.template.metadata.labels)).map((d) => d.metadata.name)).toEqual([workload]);
      expect(p.spec.ingress.flatMap((rule: any) => rule.ports.map((x: any) => x.port))).toEqual(['http']);
    }
    // The console needs nothing out but DNS.
    const web = podLabels('Deployment', 'web');
    expect(policies.filter((p) => selects(p.spec.podSelector, web) && p.spec.egress).map((p) => p.metadata.name)).toEqual(['allow-dns']);
  });

  test('the HorizontalPodAutoscalers scale the gateway and scoring, which have disruption budgets', () => {
    const hpas = r().all('HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.apiVersion)).toEqual(hpas.map(() => 'autoscaling/v2'));
    expect(hpas.map((h) => `${h.spec.scaleTargetRef.kind}/${h.spec.scaleTargetRef.name}`).sort()).toEqual(['Deployment/gateway', 'Deployment/scoring']);
    for (const hpa of hpas) {
      const target = r().get('Deployment', hpa.spec.scaleTargetRef.name);
      expect(target.spec.replicas).toBeUndefined();
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
    const replicated = r()
      .workloads()
      .filter((w) => (w.spec.replicas ?? 2) > 1);
    for (const workload of replicated) {
      const pdb = r()
        .all('PodDisruptionBudget')
        .find((p) => selects(p.spec.selector, workload.spec.template.metadata.labels));
      expect({ workload: workload.metadata.name, pdb: Boolean(pdb) }).toEqual({ workload: workload.metadata.name, pdb: true });
    }
  });

  test('NATS and MongoDB run three members on volumes, NATS with file storage and routes on the headless Service', () => {
    const nats = r().get('StatefulSet', 'nats');
    expect(nats.spec.replicas).toBe(3);
    expect(nats.spec.volumeClaimTemplates.map((v: K8sObject) => v.metadata.name)).toContain('data');
    const conf = Object.values(r().all('ConfigMap').find((c) => c.metadata.name.startsWith('nats-config'))!.data as Record<string, string>).join('\n');
    expect(conf).toMatch(/jetstream \{[^}]*store_dir: \/data\/jetstream[^}]*max_file_store:/s);
    expect(conf).toMatch(/sync_interval: always/);
    const routes = r().podSpec(nats).containers[0].env!.find((e) => e.name === 'ROUTES')!.value!;
    expect(routes.match(/nats-\d\.nats-headless:6222/g)).toEqual(['nats-0.nats-headless:6222', 'nats-1.nats-headless:6222', 'nats-2.nats-headless:6222']);
    expect(r().get('Service', 'nats-headless').spec.clusterIP).toBe('None');
    const mongodb = r().get('StatefulSet', 'mongodb');
    expect(mongodb.spec.replicas).toBe(3);
    expect(r().podSpec(mongodb).containers[0].command).toEqual(expect.arrayContaining(['--replSet=rs0', '--keyFile=/keyfile/keyfile']));
    const redis = r().podSpec(r().get('StatefulSet', 'redis')).containers[0];
    const redisConf = r().all('ConfigMap').find((c) => c.metadata.name.startsWith('redis-config'))!.data['redis.conf'];
    expect(redisConf).toMatch(/^appendonly yes$/m);
    expect(redisConf).toMatch(/^appendfsync everysec$/m);
    expect(redisConf).toMatch(/^maxmemory-policy noeviction$/m);
    expect(redis.command).toEqual(expect.arrayContaining(['--requirepass', '$(REDIS_PASSWORD)']));
  });
});

describe('production', () => {
  test('renders no Secret: every one it refers to is managed outside git, with the keys its contract lists', () => {
    const r = rendered.production;
    expect(r.all('Secret')).toEqual([]);
    const referenced = new Set<string>();
    for (const { container } of allContainers(r)) for (const e of container.env ?? []) if (e.valueFrom?.secretKeyRef) referenced.add(e.valueFrom.secretKeyRef.name);
    for (const workload of r.workloads()) for (const v of r.podSpec(workload).volumes ?? []) if (v.secret) referenced.add(v.secret.secretName);
    expect([...referenced].sort()).toEqual([...externalSecrets().keys()].sort());
    // The base's placeholders have exactly the production contract's keys.
    for (const [name, keys] of externalSecrets()) expect([...rendered.base.keysOf('Secret', name)!].sort()).toEqual([...keys].sort());
  });

  test('one host over TLS: the API paths the console calls go to the gateway, everything else to the console', () => {
    const r = rendered.production;
    const [ingress] = r.all('Ingress');
    expect(r.all('Ingress')).toHaveLength(1);
    expect(ingress.spec.rules).toHaveLength(1);
    expect(ingress.spec.tls[0].hosts).toEqual([ingress.spec.rules[0].host]);
    const gateway = { name: 'gateway', port: { name: 'http' } };
    const web = { name: 'web', port: { name: 'http' } };
    const backends = ingress.spec.rules.flatMap((rule: any) => rule.http.paths.map((p: any) => [p.path, p.pathType, p.backend.service]));
    expect(backends).toEqual([
      ['/api', 'Prefix', gateway],
      ['/', 'Prefix', web],
    ]);
    // What the console fetches (relative URLs: the same origin) and the gateway's controllers serve.
    const consoleCalls = apiPrefixesCalledByConsole();
    expect(consoleCalls).toEqual(['/api/v1']);
    const controllers = gatewayControllerPrefixes();
    expect(controllers).toContain('/api/v1');
    for (const prefix of [...consoleCalls, ...controllers]) {
      expect(ingressBackend(ingress, prefix)).toEqual(gateway);
      expect(ingressBackend(ingress, `${prefix}/records/123`)).toEqual(gateway);
    }
    for (const p of ['/', '/index.html', '/assets/index-abc.js', '/records/123', '/apix']) expect({ p, backend: ingressBackend(ingress, p) }).toEqual({ p, backend: web });
    // The ports the Ingress names exist, and reach the containers' ports.
    const gatewayEnv = r.environment(serviceContainer(r, 'gateway'));
    for (const [name, containerPort] of [['gateway', Number(gatewayEnv.get('GATEWAY_PORT'))], ['web', nginxConfig().listen]] as const) {
      const service = r.get('Service', name);
      const http = service.spec.ports.find((p: any) => p.name === 'http');
      const container = r.podSpec(r.get('Deployment', name)).containers.find((c) => c.name === name)!;
      expect(container.ports?.find((p) => p.name === http.targetPort)?.containerPort).toBe(containerPort);
    }
    for (const policy of ['gateway-public', 'web-public']) {
      expect(r.get('NetworkPolicy', policy).spec.ingress.map((rule: any) => rule.from)).toEqual([[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]]);
    }
    expect(gatewayEnv.get('TRUST_PROXY')).toBe('1');
    // Same origin: CORS stays off.
    expect(gatewayEnv.get('CORS_ORIGINS')).toBe('');
    expect(gatewayEnv.get('WEB_ROOT')).toBe('none');
  });

  test('keeps every trace (support follows any error to its trace) and sizes beyond the base', () => {
    const r = rendered.production;
    for (const service of SERVICES) {
      expect(r.environment(serviceContainer(r, service)).get('OTEL_TRACES_SAMPLER')).toBe('parentbased_always_on');
    }
    expect(r.get('HorizontalPodAutoscaler', 'gateway').spec.minReplicas).toBeGreaterThan(rendered.base.get('HorizontalPodAutoscaler', 'gateway').spec.minReplicas);
    expect(r.get('Deployment', 'records').spec.replicas).toBeGreaterThan(rendered.base.get('Deployment', 'records').spec.replicas);
  });
});
