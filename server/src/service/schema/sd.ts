/**
 * Service-discovery blocks (`<name>_sd_configs`) and `static_configs`, inlined into scrape configs and
 * Alertmanager configs through discovery.UnmarshalYAMLWithInlineConfigs.
 */
// Mirrors prometheus/prometheus discovery/*/ (one SDConfig per package) and discovery/targetgroup/targetgroup.go.
import {
  BOOL,
  DURATION,
  INT,
  LABELS,
  SECRET,
  STRING,
  STRINGS,
  STRING_MAP,
  URL,
  block,
  blockOf,
  blocksOf,
  field,
  oneOf,
  portField as port,
  refreshField as refresh,
} from './build';
import { httpClientFields } from './http';
import {
  AWS_SD,
  AZURE_SD,
  DIGITALOCEAN_SD,
  EC2_SD,
  ECS_SD,
  ELASTICACHE_SD,
  GCE_SD,
  HETZNER_SD,
  IONOS_SD,
  LIGHTSAIL_SD,
  LINODE_SD,
  MSK_SD,
  OCI_SD,
  OPENSTACK_SD,
  OUTSCALE_SD,
  OVHCLOUD_SD,
  RDS_SD,
  SCALEWAY_SD,
  STACKIT_SD,
  TRITON_SD,
  VULTR_SD,
} from './sdCloud';
import type { BlockSchema, FieldSchema } from './types';

// discovery/targetgroup/targetgroup.go: Group (decoded through an anonymous struct)
export const STATIC_CONFIG: BlockSchema = block(
  'struct { Targets []string "yaml:\\"targets\\""; Labels model.LabelSet "yaml:\\"labels\\"" }',
  'static config',
  [
    field('targets', STRINGS, 'host:port addresses to scrape (no scheme, no path).'),
    field('labels', LABELS, 'Labels attached to every target of this group.'),
  ],
  { goStruct: 'targetgroup.Group' },
);

// discovery/consul/consul.go
const CONSUL_SD: BlockSchema = block(
  'consul.plain',
  'Consul SD config',
  [
    field('server', STRING, 'Consul agent address (host:port).', { default: 'localhost:8500' }),
    field('path_prefix', STRING, 'Prefix for the Consul API path when Consul sits behind a proxy.', { since: '2.45.0' }),
    field('token', SECRET, 'Consul ACL token.'),
    field('datacenter', STRING, 'Datacenter to query; default: the agent\'s.'),
    field('namespace', STRING, 'Consul Enterprise namespace.', { since: '2.28.0' }),
    field('partition', STRING, 'Consul Enterprise admin partition.', { since: '2.40.0' }),
    field('tag_separator', STRING, 'Separator joining service tags in `__meta_consul_tags`.', { default: ',' }),
    field('scheme', STRING, 'Scheme used to reach Consul.', { default: 'http' }),
    field('username', STRING, 'Basic-auth user name for Consul.', { deprecated: 'Use `basic_auth`.' }),
    field('password', SECRET, 'Basic-auth password for Consul.', { deprecated: 'Use `basic_auth`.' }),
    field('allow_stale', BOOL, 'Allow stale reads from any Consul server.', { default: 'true', since: '2.3.0' }),
    field('refresh_interval', DURATION, 'How often the catalog is re-read.', { default: '30s', since: '2.3.0' }),
    field('services', STRINGS, 'Services to discover; default: all.'),
    field('tag', STRING, 'Only services carrying this tag.', { since: '2.3.0', removedIn: '2.9.0' }),
    field('tags', STRINGS, 'Only services carrying all these tags.', { since: '2.9.0' }),
    field('node_meta', STRING_MAP, 'Only nodes with this node metadata.', { since: '2.3.0' }),
    field('filter', STRING, 'Consul filter expression applied by the catalog API.', { since: '3.0.0' }),
    field('health_filter', STRING, 'Filter expression for the health API.', { since: '3.12.0' }),
    ...httpClientFields('2.28.0', { tls_config: null }),
  ],
  { goStruct: 'consul.SDConfig' },
);

// discovery/dns/dns.go
const DNS_SD: BlockSchema = block(
  'dns.plain',
  'DNS SD config',
  [
    field('names', STRINGS, 'DNS names to query.'),
    field('type', oneOf(['SRV', 'A', 'AAAA', 'MX', 'NS'], true), 'Record type to query.', { default: 'SRV' }),
    field('port', INT, 'Port for the addresses (required for every type but SRV).'),
    refresh('30s'),
  ],
  { goStruct: 'dns.SDConfig' },
);

// discovery/moby/docker.go and dockerswarm.go: Filter
const DOCKER_FILTER: BlockSchema = block(
  'moby.Filter',
  'Docker filter',
  [
    field('name', STRING, 'Docker API filter name, e.g. `label`.'),
    field('values', STRINGS, 'Accepted values for the filter.'),
  ],
  { goStruct: 'moby.Filter' },
);

// discovery/moby/docker.go
const DOCKER_SD: BlockSchema = block(
  'moby.plain',
  'Docker SD config',
  [
    ...httpClientFields('2.27.0'),
    field('host', STRING, 'Docker daemon address, e.g. unix:///var/run/docker.sock.'),
    port('Port used for containers without a published port.'),
    field('filters', blocksOf(DOCKER_FILTER), 'Container list filters.'),
    field('host_networking_host', STRING, 'Host used for containers in host networking mode.', {
      default: 'localhost',
      since: '2.30.0',
    }),
    field('match_first_network', BOOL, 'Use only the first network of containers attached to several.', {
      default: 'true',
      since: '2.54.0',
    }),
    refresh('60s'),
  ],
  { goStruct: 'moby.DockerSDConfig' },
);

// discovery/moby/dockerswarm.go
const DOCKERSWARM_SD: BlockSchema = block(
  'moby.plain',
  'Docker Swarm SD config',
  [
    ...httpClientFields('2.20.0'),
    field('host', STRING, 'Docker daemon address of a swarm manager.'),
    field('role', oneOf(['services', 'tasks', 'nodes']), 'What to discover.'),
    port('Port used when a target has no published port.'),
    field('filters', blocksOf(DOCKER_FILTER), 'Filters for the swarm API list call.', { since: '2.23.0' }),
    refresh('60s'),
  ],
  { goStruct: 'moby.DockerSwarmSDConfig' },
);

// discovery/eureka/eureka.go
const EUREKA_SD: BlockSchema = block(
  'eureka.plain',
  'Eureka SD config',
  [
    field('server', URL, 'Eureka server URL.'),
    ...httpClientFields('2.21.0'),
    refresh('30s'),
  ],
  { goStruct: 'eureka.SDConfig' },
);

// discovery/file/file.go
const FILE_SD: BlockSchema = block(
  'file.plain',
  'file SD config',
  [
    field('files', STRINGS, 'JSON/YAML target files; the last path component may hold a `*` glob.'),
    field('refresh_interval', DURATION, 'How often the files are re-read besides file-change events.', {
      default: '5m',
    }),
  ],
  { goStruct: 'file.SDConfig' },
);

// discovery/http/http.go
const HTTP_SD: BlockSchema = block(
  'http.plain',
  'HTTP SD config',
  [
    ...httpClientFields('2.28.0'),
    refresh('60s'),
    field('url', URL, 'http(s) endpoint returning the target groups as JSON.'),
  ],
  { goStruct: 'http.SDConfig' },
);

// discovery/kubernetes/kubernetes.go: NamespaceDiscovery
const K8S_NAMESPACES: BlockSchema = block(
  'kubernetes.plain',
  'Kubernetes namespaces',
  [
    field('own_namespace', BOOL, 'Include the namespace Prometheus runs in.', { since: '2.33.0' }),
    field('names', STRINGS, 'Namespaces to watch; empty: all.'),
  ],
  { goStruct: 'kubernetes.NamespaceDiscovery' },
);

const K8S_ROLES = ['endpoints', 'endpointslice', 'service', 'pod', 'node', 'ingress'];

// discovery/kubernetes/kubernetes.go: SelectorConfig
const K8S_SELECTOR: BlockSchema = block(
  'kubernetes.SelectorConfig',
  'Kubernetes selector',
  [
    field('role', oneOf(K8S_ROLES), 'Object kind the selectors apply to.'),
    field('label', STRING, 'Label selector, e.g. `app=web`.'),
    field('field', STRING, 'Field selector, e.g. `spec.nodeName=n1`.'),
  ],
  { goStruct: 'kubernetes.SelectorConfig' },
);

// discovery/kubernetes/kubernetes.go: AttachMetadataConfig
const K8S_ATTACH_METADATA: BlockSchema = block(
  'kubernetes.AttachMetadataConfig',
  'Kubernetes attach_metadata',
  [
    field('node', BOOL, 'Add node labels to pod/endpoint targets (needs node watch permission).', { default: 'false' }),
    field('namespace', BOOL, 'Add namespace labels and annotations.', { default: 'false', since: '3.6.0' }),
    field('deployment', BOOL, 'Add labels of the owning Deployment to pod targets.', { default: 'false', since: '3.11.0' }),
    field('job', BOOL, 'Add labels of the owning Job to pod targets.', { default: 'false', since: '3.11.0' }),
    field('cronjob', BOOL, 'Add labels of the owning CronJob to pod targets.', { default: 'false', since: '3.11.0' }),
  ],
  { goStruct: 'kubernetes.AttachMetadataConfig' },
);

// discovery/kubernetes/kubernetes.go: SDConfig
const KUBERNETES_SD: BlockSchema = block(
  'kubernetes.plain',
  'Kubernetes SD config',
  [
    field('api_server', URL, 'API server URL; default: in-cluster configuration.'),
    field('role', oneOf(K8S_ROLES), 'Kind of Kubernetes object turned into targets.'),
    field('kubeconfig_file', STRING, 'kubeconfig file to use instead of `api_server`.', { since: '2.28.0' }),
    ...httpClientFields(undefined, { proxy_url: '2.8.0' }),
    field('namespaces', blockOf(K8S_NAMESPACES), 'Namespaces to watch; default: all.'),
    field('selectors', blocksOf(K8S_SELECTOR), 'Label/field selectors applied on the API side.', { since: '2.17.0' }),
    field('attach_metadata', blockOf(K8S_ATTACH_METADATA), 'Extra metadata attached to targets.', { since: '2.35.0' }),
  ],
  { goStruct: 'kubernetes.SDConfig' },
);

// discovery/xds/kuma.go
const KUMA_SD: BlockSchema = block(
  'xds.plainKumaConf',
  'Kuma SD config',
  [
    ...httpClientFields('2.29.0'),
    refresh('15s'),
    field('fetch_timeout', DURATION, 'Time a single MADS fetch may wait for changes.', { default: '2m' }),
    field('server', URL, 'Address of the Kuma control plane MADS server.'),
    field('client_id', STRING, 'Client ID sent to the control plane; default: the hostname.', { since: '2.50.0' }),
  ],
  { goStruct: 'xds.SDConfig' },
);

// discovery/marathon/marathon.go
const MARATHON_SD: BlockSchema = block(
  'marathon.plain',
  'Marathon SD config',
  [
    field('servers', STRINGS, 'Marathon server URLs.'),
    field('refresh_interval', DURATION, 'How often the app list is re-read.', { default: '30s' }),
    field('auth_token', SECRET, 'DC/OS authentication token.', { since: '2.3.0' }),
    field('auth_token_file', STRING, 'File holding the DC/OS authentication token.', { since: '2.3.0' }),
    field('timeout', DURATION, 'HTTP timeout of the Marathon API calls.', { removedIn: '2.3.0' }),
    ...httpClientFields('2.3.0', { bearer_token: null, bearer_token_file: null, tls_config: null }),
  ],
  { goStruct: 'marathon.SDConfig' },
);

// discovery/nomad/nomad.go
const NOMAD_SD: BlockSchema = block(
  'nomad.plain',
  'Nomad SD config',
  [
    field('allow_stale', BOOL, 'Allow reads from non-leader servers.', { default: 'true' }),
    ...httpClientFields('2.37.0'),
    field('namespace', STRING, 'Nomad namespace.', { default: 'default' }),
    refresh('60s'),
    field('region', STRING, 'Nomad region.', { default: 'global' }),
    field('server', URL, 'Nomad API address.', { default: 'http://localhost:4646' }),
    field('tag_separator', STRING, 'Separator joining service tags in `__meta_nomad_tags`.', { default: ',' }),
  ],
  { goStruct: 'nomad.SDConfig' },
);

// discovery/puppetdb/puppetdb.go
const PUPPETDB_SD: BlockSchema = block(
  'puppetdb.plain',
  'PuppetDB SD config',
  [
    ...httpClientFields('2.31.0'),
    refresh('60s'),
    field('url', URL, 'PuppetDB root URL.'),
    field('query', STRING, 'PQL query selecting the resources to turn into targets.'),
    field('include_parameters', BOOL, 'Expose resource parameters as meta labels (may leak secrets).', {
      default: 'false',
    }),
    port('Port put in the discovered addresses.'),
  ],
  { goStruct: 'puppetdb.SDConfig' },
);

// discovery/zookeeper/zookeeper.go: ServersetSDConfig and NerveSDConfig
function zookeeperSd(title: string, goStruct: string): BlockSchema {
  return block(
    'zookeeper.plain',
    title,
    [
      field('servers', STRINGS, 'ZooKeeper servers (host:port).'),
      field('paths', STRINGS, 'ZooKeeper paths holding the member nodes.'),
      field('timeout', DURATION, 'ZooKeeper session timeout.', { default: '10s' }),
    ],
    { goStruct },
  );
}
const SERVERSET_SD = zookeeperSd('Serverset SD config', 'zookeeper.ServersetSDConfig');
const NERVE_SD = zookeeperSd('Nerve SD config', 'zookeeper.NerveSDConfig');

// discovery/uyuni/uyuni.go
const UYUNI_SD: BlockSchema = block(
  'uyuni.plain',
  'Uyuni SD config',
  [
    field('server', URL, 'Uyuni server URL.'),
    field('username', STRING, 'Uyuni API user.'),
    field('password', SECRET, 'Uyuni API password.'),
    ...httpClientFields('2.31.0'),
    field('entitlement', STRING, 'Entitlement a system needs to be discovered.', { default: 'monitoring_entitled' }),
    field('separator', STRING, 'Separator joining system groups in meta labels.', { default: ',' }),
    field('refresh_interval', DURATION, 'How often the targets are re-discovered.', { default: '1m' }),
  ],
  { goStruct: 'uyuni.SDConfig' },
);

/** One discovery mechanism: its YAML key, block and the version the key appeared. */
interface Discovery {
  readonly key: string;
  readonly block: BlockSchema;
  readonly since?: string;
}

// Registered by discovery/install/install.go (plus static_configs); `since` from the release tags.
const DISCOVERIES: readonly Discovery[] = [
  { key: 'aws_sd_configs', block: AWS_SD, since: '3.8.0' },
  { key: 'azure_sd_configs', block: AZURE_SD },
  { key: 'consul_sd_configs', block: CONSUL_SD },
  { key: 'digitalocean_sd_configs', block: DIGITALOCEAN_SD, since: '2.20.0' },
  { key: 'dns_sd_configs', block: DNS_SD },
  { key: 'docker_sd_configs', block: DOCKER_SD, since: '2.27.0' },
  { key: 'dockerswarm_sd_configs', block: DOCKERSWARM_SD, since: '2.20.0' },
  { key: 'ec2_sd_configs', block: EC2_SD },
  { key: 'ecs_sd_configs', block: ECS_SD, since: '3.8.0' },
  { key: 'elasticache_sd_configs', block: ELASTICACHE_SD, since: '3.11.0' },
  { key: 'eureka_sd_configs', block: EUREKA_SD, since: '2.21.0' },
  { key: 'file_sd_configs', block: FILE_SD },
  { key: 'gce_sd_configs', block: GCE_SD },
  { key: 'hetzner_sd_configs', block: HETZNER_SD, since: '2.21.0' },
  { key: 'http_sd_configs', block: HTTP_SD, since: '2.28.0' },
  { key: 'ionos_sd_configs', block: IONOS_SD, since: '2.36.0' },
  { key: 'kubernetes_sd_configs', block: KUBERNETES_SD },
  { key: 'kuma_sd_configs', block: KUMA_SD, since: '2.29.0' },
  { key: 'lightsail_sd_configs', block: LIGHTSAIL_SD, since: '2.27.0' },
  { key: 'linode_sd_configs', block: LINODE_SD, since: '2.28.0' },
  { key: 'marathon_sd_configs', block: MARATHON_SD },
  { key: 'msk_sd_configs', block: MSK_SD, since: '3.10.0' },
  { key: 'nerve_sd_configs', block: NERVE_SD },
  { key: 'nomad_sd_configs', block: NOMAD_SD, since: '2.37.0' },
  { key: 'oci_sd_configs', block: OCI_SD, since: '3.14.0' },
  { key: 'openstack_sd_configs', block: OPENSTACK_SD },
  { key: 'outscale_sd_configs', block: OUTSCALE_SD, since: '3.12.0' },
  { key: 'ovhcloud_sd_configs', block: OVHCLOUD_SD, since: '2.40.0' },
  { key: 'puppetdb_sd_configs', block: PUPPETDB_SD, since: '2.31.0' },
  { key: 'rds_sd_configs', block: RDS_SD, since: '3.11.0' },
  { key: 'scaleway_sd_configs', block: SCALEWAY_SD, since: '2.26.0' },
  { key: 'serverset_sd_configs', block: SERVERSET_SD },
  { key: 'stackit_sd_configs', block: STACKIT_SD, since: '3.5.0' },
  { key: 'triton_sd_configs', block: TRITON_SD },
  { key: 'uyuni_sd_configs', block: UYUNI_SD, since: '2.31.0' },
  { key: 'vultr_sd_configs', block: VULTR_SD, since: '2.36.0' },
];

/** The YAML keys of every service-discovery mechanism, `static_configs` excluded. */
export const SD_CONFIG_KEYS: readonly string[] = DISCOVERIES.map((d) => d.key);

/** `static_configs` and every `<name>_sd_configs` key, as inlined into a scrape or Alertmanager config. */
export function serviceDiscoveryFields(): FieldSchema[] {
  return [
    field('static_configs', blocksOf(STATIC_CONFIG), 'Fixed lists of targets, each group with its own labels.'),
    ...DISCOVERIES.map((d) =>
      field(d.key, blocksOf(d.block), `Targets from ${d.block.title.replace(/ SD config$/, '')} service discovery.`, {
        ...(d.since ? { since: d.since } : {}),
      }),
    ),
  ];
}
