/** The simulated Genesys Cloud (see server.ts) and its scenarios. */
export { startSimulator } from './server';
export type { RunningSimulator, StartSimulatorOptions, ServedRequest, RecordedWrite } from './server';
export {
  listScenarios,
  loadScenario,
  parseScenario,
  scenarioSchemas,
  resolveDate,
  conversationDivisionIds,
  SCENARIOS_DIR,
} from './scenario';
export type { Scenario, ScenarioInput, Fault, RateLimit } from './scenario';
export type { SimState, SimToken, SimClient, SimRole, SimUser, SimConversation, SimAuthorization } from './state';
export { authorize, policyGrants, isConditional, missingClauses } from './authorize';
export type { AuthorizeOptions, Decision, GrantRef, Requirement, SimPolicy } from './authorize';
export { retentionRule } from './operation-rules';
export type { RetentionRule, RetentionTarget } from './operation-rules';
export { runSimCommand, describeRunningSimulator, SIM_USAGE } from './cli';
