/**
 * The PagerDuty dedup key COSS gives an alert's incidents: `coss_<customer#>-<event#>`, as in the NOC's
 * transcripts. COSS, the console's direct-PagerDuty fallback and the room grammar all build it here, because a
 * page sent straight to PagerDuty while COSS was unreachable must fold into the incident COSS pages later.
 */

/** The dedup key of event `eventNumber` of customer `customerNumber`, e.g. coss_102-32962. */
export function dedupKeyFor(customerNumber: number, eventNumber: number): string {
  return `coss_${customerNumber}-${eventNumber}`;
}
