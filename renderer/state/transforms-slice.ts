/** What the console knows of the customers' transforms: their names by id, for the alerts they suppressed. */

export interface TransformsSlice {
  /** customer → transform id → name; filled from COSS's answers (its list, a page it held back naming one) */
  transformNames: Readonly<Record<string, Readonly<Record<number, string>>>>;
}

export function initialTransforms(): TransformsSlice {
  return { transformNames: {} };
}
