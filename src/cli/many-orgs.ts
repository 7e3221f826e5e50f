/**
 * `sr-check org=a,b,c` / `org=*` and `sr-check org=acme client=A compare=B`: the same request against several
 * configured orgs (the matrix: a row per org, a column per check, each failing org's fix and what differs from a
 * passing one), or two identities of one org. The CLI runs with the orgs file, so every configured org is
 * visible; a name that is not configured gets a "no such org here" row. `--json` prints every verdict in full.
 */
import { compareIdentities, runManyOrgs } from '../compare/many-orgs';
import { buildMatrix, manyOrgsJson, runsAloneLine } from '../compare/matrix';
import type { AppConfig } from '../config/types';
import { DEMO_ORG, NAMED_DEMO_ORGS, openNamedDemoOrgs } from '../demo';
import type { CheckRequest, ManyOrgsRequest, OrgSelection, OtherIdentity } from '../request/grammar';
import { createLogger } from '../log';
import { unknownCallInOp } from '../paste';
import { comparisonJson, exitCodeForComparison, renderComparisonText } from '../render/comparison-text';
import { exitCodeForMatrix, renderMatrixText } from '../render/matrix-text';
import { compose } from '../compose';
import type { Services } from '../services';
import type { CliIo } from './io';

export interface ManyOrgsCliOptions {
  json: boolean;
  usageError: (message: string) => number;
}

export async function runManyOrgsCli(
  orgs: OrgSelection,
  request: ManyOrgsRequest,
  config: AppConfig,
  io: CliIo,
  options: ManyOrgsCliOptions,
): Promise<number> {
  const unknown = unknownCallInOp(request.op);
  if (unknown)
    return options.usageError(
      `${request.op} is not a Genesys Cloud API operation (sr-check org=<one org> op="…" names the nearest real ones)`,
    );
  // Named demo orgs (demo-a…) asked for by name, or all of them for org=* when no org is configured.
  const demoNames = orgs === '*' ? (config.orgs.size === 0 ? Object.keys(NAMED_DEMO_ORGS) : []) : orgs;
  const demo = await openNamedDemoOrgs(demoNames, config);
  config = demo.config;
  try {
    return await runMatrix(orgs, request, config, io, options);
  } finally {
    await demo.close();
  }
}

async function runMatrix(
  orgs: OrgSelection,
  request: ManyOrgsRequest,
  config: AppConfig,
  io: CliIo,
  options: ManyOrgsCliOptions,
): Promise<number> {
  return withServices(config, io, async (services) => {
    const result = await runManyOrgs(
      {
        diagnose: services.diagnoser.diagnose.bind(services.diagnoser),
        orgNames: () => [...config.orgs.keys()],
        canSee: () => true,
      },
      { orgs, request },
    );
    if (result.summary.orgs === 0) {
      const asked = orgs === '*' ? 'org=* found no configured org' : `no configured org among ${orgs.join(', ')}`;
      const demo = orgs !== '*' && orgs.includes(DEMO_ORG) ? `; ${runsAloneLine(DEMO_ORG)}` : '';
      return options.usageError(`${asked} (sr-check orgs lists them)${demo}`);
    }
    const matrix = buildMatrix(result, { runsAlone: (org) => org === DEMO_ORG });
    io.stdout(options.json ? `${JSON.stringify(manyOrgsJson(result), null, 2)}\n` : `${renderMatrixText(matrix)}\n`);
    return exitCodeForMatrix(matrix);
  });
}

export async function runCompareCli(
  request: CheckRequest,
  other: OtherIdentity,
  config: AppConfig,
  io: CliIo,
  options: ManyOrgsCliOptions,
): Promise<number> {
  const demo = await openNamedDemoOrgs([request.org], config);
  try {
    return await runCompare(request, other, demo.config, io, options);
  } finally {
    await demo.close();
  }
}

async function runCompare(
  request: CheckRequest,
  other: OtherIdentity,
  config: AppConfig,
  io: CliIo,
  options: ManyOrgsCliOptions,
): Promise<number> {
  if (!config.orgs.has(request.org))
    return options.usageError(
      `unknown org "${request.org}": compare= works with configured orgs (sr-check orgs lists them)`,
    );
  if (unknownCallInOp(request.op)) return options.usageError(`${request.op} is not a Genesys Cloud API operation`);
  return withServices(config, io, async (services) => {
    const comparison = await compareIdentities(
      { diagnose: services.diagnoser.diagnose.bind(services.diagnoser), canSee: () => true },
      request,
      other,
    );
    if ('ok' in comparison) return options.usageError(comparison.message);
    io.stdout(
      options.json
        ? `${JSON.stringify(comparisonJson(comparison), null, 2)}\n`
        : `${renderComparisonText(comparison)}\n`,
    );
    return exitCodeForComparison(comparison);
  });
}

async function withServices(
  config: AppConfig,
  io: CliIo,
  run: (services: Services) => Promise<number>,
): Promise<number> {
  const { services } = compose({ config, logger: createLogger({ level: io.env.LOG_LEVEL ?? 'warn' }) });
  try {
    return await run(services);
  } finally {
    await services.close();
  }
}
