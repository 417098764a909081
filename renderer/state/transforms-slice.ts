/** What the console knows of the customers' transforms: their list as COSS last gave it, and names by id. */
import type { Transform } from '../../shared/transforms.ts';

export interface TransformsSlice {
  /** customer → its transforms in the order ingest runs them; absent until asked (`g t`, a suppressed alert) */
  transformsByCustomer: Readonly<Record<string, readonly Transform[]>>;
  /** customer → transform id → name; filled from COSS's answers (its list, a page it held back naming one) */
  transformNames: Readonly<Record<string, Readonly<Record<number, string>>>>;
}

export function initialTransforms(): TransformsSlice {
  return { transformsByCustomer: {}, transformNames: {} };
}
