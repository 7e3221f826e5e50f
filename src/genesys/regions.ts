/** Genesys Cloud region name → environment domain (see shared/reference/genesys/README.md). */
export const REGION_ENVIRONMENTS = {
  'us-east-1': 'mypurecloud.com',
  'eu-west-1': 'mypurecloud.ie',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'eu-central-1': 'mypurecloud.de',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'ap-northeast-2': 'apne2.pure.cloud',
  'eu-west-2': 'euw2.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
  'eu-central-2': 'euc2.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'eusc-de-east-1': 'edee1.eusc-pure.cloud',
} as const;

export type RegionName = keyof typeof REGION_ENVIRONMENTS;
export const REGION_NAMES = Object.keys(REGION_ENVIRONMENTS) as RegionName[];

export interface GenesysHosts {
  apiBaseUrl: string;
  loginBaseUrl: string;
}

export function hostsForRegion(region: RegionName): GenesysHosts {
  const env = REGION_ENVIRONMENTS[region];
  return { apiBaseUrl: `https://api.${env}`, loginBaseUrl: `https://login.${env}` };
}

/** Finds the region whose API or login host appears in a URL or host name (used for pasted errors). */
export function regionForHost(hostOrUrl: string): RegionName | undefined {
  const host =
    hostOrUrl
      .replace(/^[a-z]+:\/\//i, '')
      .split(/[/:?#]/)[0]
      ?.toLowerCase() ?? '';
  return REGION_NAMES.find((region) => {
    const env = REGION_ENVIRONMENTS[region];
    return host === `api.${env}` || host === `login.${env}` || host === `apps.${env}`;
  });
}
