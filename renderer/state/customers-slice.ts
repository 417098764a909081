/** The customers this operator watches, in sidebar order, and which one is in front. */
import type { CustomerSummary } from '../../shared/host/contract.ts';

export interface CustomersSlice {
  customers: CustomerSummary[];
  /**
   * The customer in front: its room, targets and notes. In the all-customers view it is the customer of the alert
   * under the cursor, so the room and the page dialog are always the alert's own.
   */
  activeCustomer: string | null;
  /** the queue shows every customer's alerts together (one queue, a customer column) */
  allCustomers: boolean;
}

export function initialCustomers(): CustomersSlice {
  return { customers: [], activeCustomer: null, allCustomers: false };
}
