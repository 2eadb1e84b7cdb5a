/**
 * Service discoveries of cloud and hosting providers (AWS family, Azure, GCE, OpenStack, DigitalOcean, ...).
 */
// Mirrors prometheus/prometheus discovery/{aws,azure,digitalocean,gce,hetzner,ionos,linode,oci,openstack,outscale,
// ovhcloud,scaleway,stackit,triton,vultr}/.
import {
  BOOL,
  INT,
  SECRET,
  STRING,
  STRINGS,
  block,
  blockOf,
  blocksOf,
  field,
  oneOf,
  portField as port,
  refreshField as refresh,
} from './build';
import { TLS_CONFIG, httpClientFields } from './http';
import type { BlockSchema, FieldSchema } from './types';

// discovery/aws/aws.go: Filter (EC2Filter in 2.x)
const AWS_FILTER: BlockSchema = block(
  'aws.Filter',
  'AWS filter',
  [
    field('name', STRING, 'Name of the AWS API filter, e.g. `tag:Environment` or `instance-state-name`.'),
    field('values', STRINGS, 'Accepted values for the filter.'),
  ],
  { goStruct: 'aws.Filter', goTypeV2: 'aws.EC2Filter' },
);

/** Credential and endpoint keys shared by the AWS discoveries. */
function awsFields(region: string, endpointSince?: string): FieldSchema[] {
  return [
    field('region', STRING, region),
    field('endpoint', STRING, 'Custom AWS API endpoint URL.', endpointSince ? { since: endpointSince } : {}),
    field('access_key', STRING, 'AWS access key ID; default: the SDK credential chain.'),
    field('secret_key', SECRET, 'AWS secret access key.'),
    field('profile', STRING, 'Named profile from the AWS credentials file.'),
    field('role_arn', STRING, 'ARN of an IAM role to assume for the API calls.'),
    field('external_id', STRING, 'External ID passed when assuming `role_arn`.', { since: '3.12.0' }),
  ];
}

// discovery/aws/ec2.go: EC2SDConfig
export const EC2_SD: BlockSchema = block(
  'aws.plain',
  'EC2 SD config',
  [
    ...awsFields('AWS region; default: the instance metadata region.', '2.4.0'),
    refresh('60s'),
    port('Port put in the discovered addresses (the private IP by default).'),
    field('filters', blocksOf(AWS_FILTER), 'DescribeInstances filters narrowing the discovered instances.', {
      since: '2.3.0',
    }),
    ...httpClientFields('2.41.0'),
  ],
  { goStruct: 'aws.EC2SDConfig' },
);

// discovery/aws/lightsail.go: LightsailSDConfig
export const LIGHTSAIL_SD: BlockSchema = block(
  'aws.plain',
  'Lightsail SD config',
  [...awsFields('AWS region of the Lightsail instances.'), refresh('60s'), port('Port put in the discovered addresses.'), ...httpClientFields('2.41.0')],
  { goStruct: 'aws.LightsailSDConfig' },
);

const requestConcurrency = field('request_concurrency', INT, 'Parallel AWS API requests during a refresh.', {
  default: '20',
});
const clusters = (doc: string): FieldSchema => field('clusters', STRINGS, doc);

// discovery/aws/aws.go: SDConfig (generic `aws_sd_configs` with a role)
export const AWS_SD: BlockSchema = block(
  'aws.plain',
  'AWS SD config',
  [
    field('role', oneOf(['ec2', 'ecs', 'elasticache', 'lightsail', 'msk', 'rds']), 'Which AWS service to discover.'),
    ...awsFields('AWS region.'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    ...httpClientFields(),
    field('filters', blocksOf(AWS_FILTER), 'API filters (ec2 and rds roles).'),
    clusters('Cluster names or ARNs to limit discovery to (ecs, msk roles).'),
  ],
  { goStruct: 'aws.SDConfig' },
);

// discovery/aws/ecs.go, elasticache.go, msk.go, rds.go
function awsClusterSd(name: string, title: string, goStruct: string, extra: FieldSchema[] = []): BlockSchema {
  return block(
    'aws.plain',
    title,
    [
      ...awsFields('AWS region.'),
      clusters(`${name} clusters to limit discovery to; default: all.`),
      port('Port put in the discovered addresses.'),
      refresh('60s'),
      requestConcurrency,
      ...extra,
      ...httpClientFields(),
    ],
    { goStruct },
  );
}
export const ECS_SD = awsClusterSd('ECS', 'ECS SD config', 'aws.ECSSDConfig');
export const ELASTICACHE_SD = awsClusterSd('ElastiCache', 'ElastiCache SD config', 'aws.ElasticacheSDConfig');
export const MSK_SD = awsClusterSd('MSK', 'MSK SD config', 'aws.MSKSDConfig');
export const RDS_SD = awsClusterSd('RDS', 'RDS SD config', 'aws.RDSSDConfig', [
  field('filters', blocksOf(AWS_FILTER), 'RDS API filters.', { since: '3.13.0' }),
]);

// discovery/azure/azure.go
export const AZURE_SD: BlockSchema = block(
  'azure.plain',
  'Azure SD config',
  [
    field('environment', STRING, 'Azure cloud environment, e.g. AzurePublicCloud.', {
      default: 'AzurePublicCloud',
      since: '2.4.0',
    }),
    field(
      'authentication_method',
      oneOf(['OAuth', 'ManagedIdentity', 'SDK', 'WorkloadIdentity']),
      'How to authenticate to the Azure API.',
      { default: 'OAuth', since: '2.7.0' },
    ),
    field('subscription_id', STRING, 'Azure subscription whose VMs are discovered.'),
    field('tenant_id', STRING, 'Azure AD tenant (OAuth method).'),
    field('client_id', STRING, 'Application client ID (OAuth / ManagedIdentity).'),
    field('client_secret', SECRET, 'Application client secret (OAuth method).'),
    field('resource_group', STRING, 'Limit discovery to one resource group.', { since: '2.35.0' }),
    refresh('300s'),
    port('Port put in the discovered addresses.'),
    ...httpClientFields('2.31.0'),
  ],
  { goStruct: 'azure.SDConfig' },
);

// discovery/digitalocean/digitalocean.go
export const DIGITALOCEAN_SD: BlockSchema = block(
  'digitalocean.plain',
  'DigitalOcean SD config',
  [
    ...httpClientFields('2.20.0'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    field('role', oneOf(['droplets', 'databases']), 'What to discover.', { default: 'droplets', since: '3.12.0' }),
  ],
  { goStruct: 'digitalocean.SDConfig' },
);

// discovery/gce/gce.go
export const GCE_SD: BlockSchema = block(
  'gce.plain',
  'GCE SD config',
  [
    field('project', STRING, 'GCP project ID.'),
    field('zone', STRING, 'Zone of the instances (one per block).'),
    field('filter', STRING, 'Instances.list filter expression.'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    field('tag_separator', STRING, 'Separator joining network tags in `__meta_gce_tags`.', { default: ',' }),
  ],
  { goStruct: 'gce.SDConfig' },
);

// discovery/hetzner/hetzner.go
export const HETZNER_SD: BlockSchema = block(
  'hetzner.plain',
  'Hetzner SD config',
  [
    ...httpClientFields('2.21.0'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    field('role', oneOf(['robot', 'hcloud']), 'Which Hetzner API to discover from.'),
    field('label_selector', STRING, 'Hetzner Cloud label selector (hcloud role).', { since: '3.5.0' }),
  ],
  { goStruct: 'hetzner.SDConfig' },
);

// discovery/ionos/ionos.go
export const IONOS_SD: BlockSchema = block(
  'ionos.plain',
  'IONOS SD config',
  [
    field('datacenter_id', STRING, 'IONOS Cloud datacenter whose servers are discovered.'),
    ...httpClientFields('2.36.0'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
  ],
  { goStruct: 'ionos.SDConfig' },
);

// discovery/linode/linode.go
export const LINODE_SD: BlockSchema = block(
  'linode.plain',
  'Linode SD config',
  [
    ...httpClientFields('2.28.0'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    field('tag_separator', STRING, 'Separator joining instance tags in `__meta_linode_tags`.', { default: ',' }),
    field('region', STRING, 'Limit discovery to one region.', { since: '2.52.0' }),
  ],
  { goStruct: 'linode.SDConfig' },
);

// discovery/oci/oci.go
export const OCI_SD: BlockSchema = block(
  'oci.plain',
  'OCI SD config',
  [
    field('auth', oneOf(['api_key', 'instance_principal']), 'How to authenticate to Oracle Cloud.', { default: 'api_key' }),
    field('tenancy', STRING, 'Tenancy OCID (API-key auth).'),
    field('user', STRING, 'User OCID (API-key auth).'),
    field('fingerprint', STRING, 'Fingerprint of the API signing key.'),
    field('key_file', STRING, 'Path to the API signing private key.'),
    field('key_passphrase', SECRET, 'Passphrase of the signing key.'),
    field('key_passphrase_file', STRING, 'File holding the passphrase of the signing key.'),
    field('region', STRING, 'OCI region.'),
    field('compartments', STRINGS, 'Compartment OCIDs to discover instances in.'),
    ...httpClientFields(),
    port('Port put in the discovered addresses.'),
    refresh('60s'),
  ],
  { goStruct: 'oci.SDConfig' },
);

// discovery/openstack/openstack.go
export const OPENSTACK_SD: BlockSchema = block(
  'openstack.plain',
  'OpenStack SD config',
  [
    field('identity_endpoint', STRING, 'Keystone endpoint URL; default: OS_AUTH_URL.'),
    field('username', STRING, 'OpenStack user name.'),
    field('userid', STRING, 'OpenStack user ID.'),
    field('password', SECRET, 'OpenStack password.'),
    field('project_name', STRING, 'Project (tenant) name.'),
    field('project_id', STRING, 'Project (tenant) ID.'),
    field('domain_name', STRING, 'Domain name (Identity v3).'),
    field('domain_id', STRING, 'Domain ID (Identity v3).'),
    field('application_credential_name', STRING, 'Application credential name.', { since: '2.7.0' }),
    field('application_credential_id', STRING, 'Application credential ID.', { since: '2.7.0' }),
    field('application_credential_secret', SECRET, 'Application credential secret.', { since: '2.7.0' }),
    field('role', oneOf(['hypervisor', 'instance', 'loadbalancer']), 'What to discover.'),
    field('region', STRING, 'OpenStack region.'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    field('all_tenants', BOOL, 'Discover instances of all projects (instance role, admin only).', {
      default: 'false',
      since: '2.5.0',
    }),
    field('tls_config', blockOf(TLS_CONFIG), 'TLS settings for the OpenStack API.', { since: '2.5.0' }),
    field('availability', oneOf(['public', 'admin', 'internal']), 'Which endpoint type to use.', {
      default: 'public',
      since: '2.20.0',
    }),
  ],
  { goStruct: 'openstack.SDConfig' },
);

// discovery/outscale/outscale.go
export const OUTSCALE_SD: BlockSchema = block(
  'outscale.plain',
  'Outscale SD config',
  [
    field('endpoint', STRING, 'Outscale API endpoint.'),
    field('region', STRING, 'Outscale region.', { default: 'eu-west-2' }),
    field('access_key', STRING, 'Outscale access key.'),
    field('secret_key', SECRET, 'Outscale secret key.'),
    field('secret_key_file', STRING, 'File holding the secret key.'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    ...httpClientFields(),
  ],
  { goStruct: 'outscale.SDConfig' },
);

// discovery/ovhcloud/ovhcloud.go
export const OVHCLOUD_SD: BlockSchema = block(
  'ovhcloud.plain',
  'OVHcloud SD config',
  [
    field('endpoint', STRING, 'OVH API endpoint name or URL.', { default: 'ovh-eu' }),
    field('application_key', STRING, 'OVH API application key.'),
    field('application_secret', SECRET, 'OVH API application secret.'),
    field('consumer_key', SECRET, 'OVH API consumer key.'),
    refresh('60s'),
    field('service', oneOf(['vps', 'dedicated_server']), 'Which OVH service to discover.'),
  ],
  { goStruct: 'ovhcloud.SDConfig' },
);

// discovery/scaleway/scaleway.go
export const SCALEWAY_SD: BlockSchema = block(
  'scaleway.plain',
  'Scaleway SD config',
  [
    field('project_id', STRING, 'Scaleway project ID.'),
    field('api_url', STRING, 'Scaleway API URL.', { default: 'https://api.scaleway.com' }),
    field('zone', STRING, 'Availability zone.', { default: 'fr-par-1' }),
    field('access_key', STRING, 'Scaleway access key.'),
    field('secret_key', SECRET, 'Scaleway secret key.'),
    field('secret_key_file', STRING, 'File holding the secret key.', { since: '2.27.0' }),
    field('name_filter', STRING, 'Only servers whose name matches.'),
    field('tags_filter', STRINGS, 'Only servers carrying these tags.'),
    ...httpClientFields('2.26.0'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    field('role', oneOf(['baremetal', 'instance']), 'Which kind of server to discover.'),
  ],
  { goStruct: 'scaleway.SDConfig' },
);

// discovery/stackit/stackit.go
export const STACKIT_SD: BlockSchema = block(
  'stackit.plain',
  'STACKIT SD config',
  [
    ...httpClientFields(),
    field('project', STRING, 'STACKIT project ID.'),
    refresh('60s'),
    port('Port put in the discovered addresses.'),
    field('region', STRING, 'STACKIT region.', { default: 'eu01' }),
    field('endpoint', STRING, 'Custom API endpoint.'),
    field('service_account_key', SECRET, 'Service account key (JSON) inline.'),
    field('private_key', SECRET, 'Private key (PEM) of the service account inline.'),
    field('service_account_key_path', STRING, 'Path to the service account key.'),
    field('private_key_path', STRING, 'Path to the private key of the service account.'),
    field('credentials_file_path', STRING, 'Path to a STACKIT credentials file.'),
  ],
  { goStruct: 'stackit.SDConfig' },
);

// discovery/triton/triton.go
export const TRITON_SD: BlockSchema = block(
  'triton.plain',
  'Triton SD config',
  [
    field('account', STRING, 'Triton account name.'),
    field('role', oneOf(['container', 'cn']), 'Discover containers or compute nodes.', {
      default: 'container',
      since: '2.19.0',
    }),
    field('dns_suffix', STRING, 'DNS suffix appended to the target names.'),
    field('endpoint', STRING, 'Triton discovery endpoint.'),
    field('groups', STRINGS, 'Only containers in these groups.', { since: '2.5.0' }),
    port('Port put in the discovered addresses.', '9163'),
    refresh('60s'),
    field('tls_config', blockOf(TLS_CONFIG), 'TLS settings for the discovery endpoint.'),
    field('version', INT, 'Triton discovery API version.', { default: '1' }),
  ],
  { goStruct: 'triton.SDConfig' },
);

// discovery/vultr/vultr.go
export const VULTR_SD: BlockSchema = block(
  'vultr.plain',
  'Vultr SD config',
  [...httpClientFields('2.36.0'), refresh('60s'), port('Port put in the discovered addresses.')],
  { goStruct: 'vultr.SDConfig' },
);
