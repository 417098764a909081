/** Public entry point of the Harvest simulator; tests import from here. */
export {
  HARVEST_ACCOUNT_ID,
  HARVEST_PROJECTS,
  HARVEST_RATE_LIMIT,
  HARVEST_TOKEN,
  HARVEST_USERS,
  startHarvestSimulator,
  type HarvestSimulator,
} from './simulator.ts';
export type * from './types.ts';
