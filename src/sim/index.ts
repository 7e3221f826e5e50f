/** The simulated Genesys Cloud (see server.ts) and its scenarios. */
export { startSimulator } from './server';
export type { RunningSimulator, StartSimulatorOptions, ServedRequest, RecordedWrite } from './server';
export { listScenarios, loadScenario, parseScenario, scenarioSchema, faultSchema, resolveDate, SCENARIOS_DIR } from './scenario';
export type { Scenario, ScenarioInput, Fault, RateLimit } from './scenario';
export type { SimState, SimToken, SimClient, SimRole, SimUser, SimConversation } from './state';
export { authorize, policyGrants } from './authorize';
export type { Decision, GrantRef, Requirement, SimPolicy } from './authorize';
export { runSimCommand, describeRunningSimulator, SIM_USAGE } from './cli';
